import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../src/shared/store/collections.js';
import { serveStaticSite, type StaticSite } from '../../src/cli/static-site.js';
import { acceptedIds, createTestPipeline, DEMO_SITE, type TestPipeline } from '../helpers/pipeline.js';

const SEED_PATH = '/haber/2024/10/tokayev-turkmenistan-ziyareti.html';
const SEED_TITLE = 'Cumhurbaşkanı Tokayev’in Türkmenistan Ziyareti: Stratejik Ortaklığın Güçlenmesi';

describe('walking skeleton: enqueue → fetch → parse → store', () => {
  let site: StaticSite;
  let pipeline: TestPipeline;

  beforeAll(async () => {
    site = await serveStaticSite(DEMO_SITE);
    pipeline = await createTestPipeline();
    await pipeline.start();
  });
  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
  });

  it('stores the seed article with its title, language, body, author, date and related links', async () => {
    const decisions = await pipeline.enqueue([`${site.origin}${SEED_PATH}`]);
    expect(decisions.map((decision) => decision.status)).toEqual(['accepted']);
    const [record] = await pipeline.waitForOutcomes(acceptedIds(decisions));
    expect(record?.outcome).toBe('stored');

    const [doc, ...others] = await pipeline.articles();
    expect(others).toHaveLength(0);
    expect(doc).toBeDefined();
    expect(doc!.title).toBe(SEED_TITLE);
    expect(doc!.language).toBe('tr');
    expect(doc!.url).toBe(`${site.origin}${SEED_PATH}`);
    expect(doc!.canonicalUrl).toBe(`${site.origin}${SEED_PATH}`);
    expect(doc!.source).toBe('127.0.0.1');
    expect(doc!.httpStatus).toBe(200);
    expect(doc!.contentType).toMatch(/^text\/html/);
    expect(doc!.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(doc!.fetchedAt).toBeInstanceOf(Date);
    expect(doc!.publishedAt?.toISOString()).toBe('2024-10-10T11:30:00.000Z');
    expect(doc!.authors).toContain('Abdullah Yiğit');

    // Block boundaries and <br> separate words: never "ikiliilişkilerin" / "önüneserdi".
    expect(doc!.bodyText).toMatch(/ikili\s+ilişkilerin/);
    expect(doc!.bodyText).toMatch(/önüne\s+serdi/);
    expect(doc!.bodyText).not.toMatch(/ikiliilişkilerin|önüneserdi/);
    expect(doc!.bodyText).toContain('Ekonomik İşbirliği ve Ulaştırma Altyapısı');
    expect(doc!.bodyText).toContain('Aşkabat’ta ünlü Kazak şairi Abay Kunanbayev’in anıtının açılışı');
    expect(doc!.bodyText.split(/\n{2,}/).length).toBeGreaterThanOrEqual(8);
    for (const boilerplate of ['Ana Sayfa', 'çerezler', 'En Çok Okunanlar', 'Yorumlar', 'Tüm hakları saklıdır', 'paylaş', 'İlgili Haberler', 'görüntülenme']) {
      expect(doc!.bodyText).not.toContain(boilerplate);
    }

    expect(doc!.relatedLinks).toHaveLength(6);
    expect(doc!.relatedLinks[0]).toEqual({
      url: `${site.origin}/haber/2024/10/birlesik-rusya-magnitogorsk-gonulluler.html`,
      title: 'Birleşik Rusya, Magnitogorsk gönüllülerine hayır işlerine katılımları ve askeri personele verdikleri destekten dolayı ödül verdi',
    });
    expect(doc!.relatedLinks.map((link) => link.title)).toContain('«Единая Россия» открыла в ДНР Парту Героя в память о журналистах-военкорах, участвовавших в СВО');
    expect(doc!.credits).toContainEqual(expect.objectContaining({ role: 'photo', url: 'https://www.akorda.kz/kz' }));
  });

  it('keeps the raw page as the site sent it, gzip-compressed, for re-parsing without refetching', async () => {
    const [article] = await pipeline.articles();
    const page = await pipeline.db.collection(COLLECTIONS.pages).findOne({ _id: article!.pageId } as never);
    const served = await readFile(path.join(DEMO_SITE, SEED_PATH));
    const stored = Buffer.from((page!.body as { buffer: Uint8Array }).buffer);
    // The site compressed the page (it does for clients that accept gzip): those very bytes are stored.
    expect(stored.equals(gzipSync(served))).toBe(true);
    expect(gunzipSync(stored).equals(served)).toBe(true);
  });

  it('stores the same page once when it is enqueued again, with or without tracking parameters', async () => {
    const again = await pipeline.enqueue([`${site.origin}${SEED_PATH}`, `${site.origin}${SEED_PATH}?utm_source=x`, `${site.origin}${SEED_PATH}#comments`]);
    expect(again.map((decision) => decision.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(await pipeline.articles()).toHaveLength(1);
    expect(site.hits.get(SEED_PATH)).toBe(1);
  });

  it('records a 404 as a failure, stores nothing for it, and keeps processing other URLs', async () => {
    const decisions = await pipeline.enqueue([`${site.origin}/haber/yok-boyle-bir-sayfa.html`, `${site.origin}/haber/2024/10/yugra-fotograf-sergisi.html`]);
    const records = await pipeline.waitForOutcomes(acceptedIds(decisions));
    const byUrl = new Map(records.map((record) => [record.url, record]));
    const missing = byUrl.get(`${site.origin}/haber/yok-boyle-bir-sayfa.html`);
    expect(missing?.outcome).toBe('http-4xx');
    expect(missing?.httpStatus).toBe(404);
    expect(missing?.attempts).toBe(1);
    expect(byUrl.get(`${site.origin}/haber/2024/10/yugra-fotograf-sergisi.html`)?.outcome).toBe('stored');
    const docs = await pipeline.articles();
    expect(docs.map((doc) => doc.url)).not.toContain(`${site.origin}/haber/yok-boyle-bir-sayfa.html`);
    expect(docs).toHaveLength(2);
    const failed = await pipeline.queues.fetch.getFailed();
    expect(failed.map((job) => job.data.url)).toEqual([`${site.origin}/haber/yok-boyle-bir-sayfa.html`]);
    expect(failed[0]?.failedReason).toMatch(/404/);
  });

  it('rejects invalid URLs with a reason instead of queueing them', async () => {
    const decisions = await pipeline.enqueue(['not a url', 'javascript:alert(1)', 'ftp://example.com/x']);
    expect(decisions.every((decision) => decision.status === 'rejected')).toBe(true);
    for (const decision of decisions) if (decision.status === 'rejected') expect(decision.reason.length).toBeGreaterThan(5);
  });
});
