import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStaticSite, type StaticSite } from '../../src/cli/static-site.js';
import { articlesCollection } from '../../src/shared/store/articles.js';
import { acceptedIds, createTestPipeline, DEMO_SITE, type TestPipeline } from '../helpers/pipeline.js';
import { runCli } from '../helpers/cli.js';

const SEED_PATH = '/haber/2024/10/tokayev-turkmenistan-ziyareti.html';

describe('newsflow reparse', () => {
  let site: StaticSite;
  let pipeline: TestPipeline;

  beforeAll(async () => {
    site = await serveStaticSite(DEMO_SITE);
    pipeline = await createTestPipeline();
    await pipeline.start();
    const decisions = await pipeline.enqueue([`${site.origin}${SEED_PATH}`, `${site.origin}/haber/2024/10/kendi-isini-kur-saratov.html`]);
    await pipeline.waitForOutcomes(acceptedIds(decisions));
  });
  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
  });

  it('re-extracts stored raw pages without refetching, updates documents in place and reports what changed', async () => {
    const articles = articlesCollection(pipeline.db);
    const seed = await articles.findOne({ url: `${site.origin}${SEED_PATH}` });
    expect(seed).not.toBeNull();
    // As an older extractor would have left it.
    await articles.updateOne({ _id: seed!._id }, { $set: { title: 'Eski başlık', authors: [], relatedLinks: [] } });
    const hitsBefore = site.hits.get(SEED_PATH);

    const result = await runCli(['reparse', '--source', '127.0.0.1', '--json'], pipeline.env);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { total: number; updated: number; unchanged: number; changedFields: Record<string, number> };
    expect(report).toMatchObject({ total: 2, updated: 1, unchanged: 1 });
    expect(report.changedFields).toMatchObject({ title: 1, authors: 1, relatedLinks: 1 });

    const after = await articles.findOne({ _id: seed!._id });
    expect(after!.title).toBe('Cumhurbaşkanı Tokayev’in Türkmenistan Ziyareti: Stratejik Ortaklığın Güçlenmesi');
    expect(after!.authors).toEqual(['Abdullah Yiğit']);
    expect(after!.relatedLinks).toHaveLength(6);
    expect(site.hits.get(SEED_PATH)).toBe(hitsBefore);
    expect(await articles.countDocuments({})).toBe(2);
  }, 120_000);
});
