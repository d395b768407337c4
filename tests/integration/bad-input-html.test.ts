import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../src/shared/store/collections.js';
import type { FetchRecord } from '../../src/shared/store/outcomes.js';
import type { ArticleDocument } from '../../src/shared/document.js';
import { HOSTILE_PAGES, processMemory, startHostileServer, startWorkerProcess, type HostileServer } from '../helpers/hostile-pages.js';
import { acceptedIds, createTestPipeline, type TestPipeline } from '../helpers/pipeline.js';

/**
 * Bad-input corpus, hostile HTML through the whole pipeline (issue 8), with the workers in a
 * child process (`newsflow worker all`) so that its memory can be read from /proc after the
 * corpus: truncated HTML, 5,000-level nesting, a 20 MB text node, binary garbage, invalid UTF-8,
 * NUL bytes, <base href> tricks, hostile related links, 100k attributes, lone surrogates, an
 * empty body, UTF-16, a charset only in the header. The same pages go straight into
 * extractArticle in tests/unit/bad-input.test.ts.
 */
const RSS_BOUND = 1024 * 1024 * 1024; // 1 GB resident after the corpus
const PEAK_BOUND = 1536 * 1024 * 1024; // 1.5 GB at the worst moment
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F]/;

describe('bad input: hostile HTML through the pipeline (worker in a child process)', () => {
  let server: HostileServer;
  let pipeline: TestPipeline;
  let worker: ReturnType<typeof startWorkerProcess>;
  let records: FetchRecord[];
  let memory: { rss: number; peak: number };
  const urlOf = (name: string) => `${server.url}/html/${name}`;
  const normal = () => `${server.url}/article/after-the-html-corpus.html`;

  beforeAll(async () => {
    server = await startHostileServer();
    pipeline = await createTestPipeline({
      NEWSFLOW_ROBOTS: 'off',
      NEWSFLOW_ATTEMPTS: '2',
      // Let the 20 MB text node through the fetcher so the parser has to face it.
      NEWSFLOW_MAX_BODY_BYTES: String(32 * 1024 * 1024),
      NEWSFLOW_REQUEST_TIMEOUT_MS: '20000',
    });
    worker = startWorkerProcess(pipeline.env);
    await worker.ready;
    const decisions = await pipeline.enqueue(HOSTILE_PAGES.map((page) => urlOf(page.name)));
    expect(decisions.map((decision) => decision.status)).toEqual(HOSTILE_PAGES.map(() => 'accepted'));
    const after = await pipeline.enqueue([normal()]);
    records = await pipeline.waitForOutcomes(acceptedIds([...decisions, ...after]), 75_000);
    memory = await processMemory(worker.child.pid!);
  }, 150_000);

  afterAll(async () => {
    if (worker && worker.child.exitCode === null) {
      worker.child.kill('SIGTERM');
      await Promise.race([worker.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    }
    await pipeline?.close();
    await server?.close();
  });

  it.each(HOSTILE_PAGES.map((page) => [page.name, page.what, page] as const))('%s (%s): one record, the right outcome, clean document', async (name, _what, page) => {
    const mine = await pipeline.db.collection<FetchRecord>(COLLECTIONS.fetches).find({ url: urlOf(name) }).toArray();
    expect(mine).toHaveLength(1);
    const record = mine[0]!;
    expect(page.outcomes, `${name}: ${record.outcome} at ${record.stage} (${record.error})`).toContain(record.outcome);
    if (record.outcome !== 'stored') return;
    const doc = await pipeline.db.collection<ArticleDocument>(COLLECTIONS.articles).findOne({ _id: record.articleId ?? record.urlKey ?? '' });
    expect(doc, 'stored document').not.toBeNull();
    if (page.title !== undefined) expect(doc!.title).toBe(page.title);
    if (page.mustContain !== undefined) expect(doc!.bodyText).toContain(page.mustContain);
    for (const text of [doc!.title ?? '', doc!.bodyText]) expect(text).not.toMatch(CONTROL);
    for (const link of doc!.relatedLinks ?? []) expect(link.url).toMatch(/^https?:\/\/[^/]/);
  });

  it('keeps only absolute http(s) related links through the pipeline (base tricks, data:, javascript:, mailto:)', async () => {
    const docs = await pipeline.articles();
    const related = docs.filter((doc) => /related-links|base-/.test(doc.url));
    expect(related).toHaveLength(3);
    for (const doc of related) {
      expect(doc.relatedLinks.length).toBe(4);
      expect(doc.relatedLinks.map((link) => link.url).join(' ')).not.toMatch(/javascript:|data:|mailto:/);
    }
  });

  it('still stores a normal page enqueued after the corpus', () => {
    expect(records.find((record) => record.url === normal())?.outcome).toBe('stored');
  });

  it('keeps the worker process alive with bounded memory', () => {
    expect(worker.child.exitCode).toBeNull();
    expect(worker.stderr()).not.toMatch(/FATAL|heap out of memory|unexpected error/i);
    // Reported in the test output for the record.
    console.info(`worker memory after the HTML corpus: VmRSS ${(memory.rss / 1048576).toFixed(0)} MB, VmHWM ${(memory.peak / 1048576).toFixed(0)} MB`);
    expect(memory.rss).toBeLessThan(RSS_BOUND);
    expect(memory.peak).toBeLessThan(PEAK_BOUND);
  });
});
