import { Binary } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueParse } from '../../src/queues/parse-queue.js';
import { extractArticle } from '../../src/shared/extract/index.js';
import { COLLECTIONS } from '../../src/shared/store/collections.js';
import type { FetchRecord } from '../../src/shared/store/outcomes.js';
import { urlKey } from '../../src/shared/url/canonicalize.js';
import { garbageBytes, poisonPageHtml, startHostileServer, type HostileServer } from '../helpers/hostile-pages.js';
import { acceptedIds, createTestPipeline, type TestPipeline } from '../helpers/pipeline.js';

/**
 * Poison pages (issue 8): a page that makes the parser throw fails alone, with its reason
 * recorded, and everything around it completes.
 *
 * 1. Through HTTP: a page whose JSON-LD is one flat array of 300,000 numbers. The extractor's
 *    JSON-LD walk does `stack.push(...item)`, which throws "RangeError: Maximum call stack size
 *    exceeded" — the parse worker must record `parse-error` once, without retrying.
 * 2. At the worker level: parse jobs whose raw page in MongoDB (`pages`) is corrupt (not gzip)
 *    or missing.
 */
const ATTEMPTS = 2;
const extractorThrows = (() => {
  try {
    extractArticle(poisonPageHtml(), 'http://127.0.0.1/poison/probe.html');
    return false;
  } catch {
    return true;
  }
})();

describe('poison pages', () => {
  let server: HostileServer;
  let pipeline: TestPipeline;
  const fetches = () => pipeline.db.collection<FetchRecord>(COLLECTIONS.fetches);

  beforeAll(async () => {
    server = await startHostileServer();
    pipeline = await createTestPipeline({ NEWSFLOW_ROBOTS: 'off', NEWSFLOW_ATTEMPTS: String(ATTEMPTS), NEWSFLOW_BACKOFF_MS: '100' });
    await pipeline.start();
  });
  afterAll(async () => {
    await pipeline?.close();
    await server?.close();
  });

  it.runIf(extractorThrows)('a page that makes extractArticle throw is recorded as parse-error once; its neighbours are stored', async () => {
    const urls = [
      `${server.url}/article/before-poison.html`,
      `${server.url}/poison/poison-1.html`,
      `${server.url}/article/between-poison.html`,
      `${server.url}/poison/poison-2.html`,
      `${server.url}/article/after-poison.html`,
    ];
    const decisions = await pipeline.enqueue(urls);
    const records = await pipeline.waitForOutcomes(acceptedIds(decisions), 60_000);
    const byUrl = new Map(records.map((record) => [record.url, record]));
    for (const url of urls.filter((u) => u.includes('/poison/'))) {
      const record = byUrl.get(url)!;
      expect(record).toMatchObject({ outcome: 'parse-error', stage: 'parse', httpStatus: null, articleId: null });
      expect(record.error).toMatch(/^extraction failed: Maximum call stack size exceeded/);
      expect(await fetches().countDocuments({ url })).toBe(1);
    }
    for (const url of urls.filter((u) => u.includes('/article/'))) expect(byUrl.get(url)?.outcome, url).toBe('stored');
    // Permanent: fetched once, parsed once, not retried.
    expect(server.hits.get('/poison/poison-1.html')).toBe(1);
    const failed = await pipeline.queues.parse.getFailed();
    expect(failed).toHaveLength(2);
    for (const job of failed) {
      expect(job.attemptsMade).toBe(1);
      expect(job.failedReason).toMatch(/^parse-error: extraction failed/);
    }
    expect((await pipeline.articles()).map((doc) => doc.url).sort()).toEqual(urls.filter((u) => u.includes('/article/')).sort());
  }, 90_000);

  it.skipIf(extractorThrows)('(the extractor no longer throws on the JSON-LD poison page: only the worker-level cases below apply)', () => {
    expect(extractorThrows).toBe(false);
  });

  describe('worker level: a parse job whose raw page is unusable', () => {
    const parseJobFor = (name: string) => {
      const url = `${server.url}/article/${name}.html`;
      const key = urlKey(url);
      return {
        url,
        key,
        job: {
          fetch: { url, canonicalUrl: url, urlKey: key, depth: 0, origin: 'cli' as const, enqueuedAt: Date.now() },
          fetchJobId: `poison-${name}`,
          pageId: key,
          finalUrl: url,
          status: 200,
          contentType: 'text/html',
          fetchedAt: new Date().toISOString(),
          attempts: 1,
        },
      };
    };

    it('a raw page that is not gzip (corrupt in MongoDB) fails alone as parse-error, without retries; a good page next to it is stored', async () => {
      const corrupt = parseJobFor('corrupt-raw-page');
      await pipeline.db.collection(COLLECTIONS.pages).insertOne({
        _id: corrupt.key as never,
        url: corrupt.url, finalUrl: corrupt.url, sourceId: null, status: 200, contentType: 'text/html',
        etag: null, lastModified: null, fetchedAt: new Date(), lastSeenAt: new Date(), bytes: 4096,
        body: new Binary(garbageBytes(4096, 7)),
      });
      await enqueueParse(pipeline.queues.parse, corrupt.job);
      const good = await pipeline.enqueue([`${server.url}/article/next-to-corrupt.html`]);
      const [record] = await pipeline.waitForOutcomes([corrupt.job.fetchJobId], 30_000);
      const [goodRecord] = await pipeline.waitForOutcomes(acceptedIds(good), 30_000);
      expect(goodRecord?.outcome).toBe('stored');
      expect(await fetches().countDocuments({ url: corrupt.url })).toBe(1);
      expect(record).toMatchObject({ stage: 'parse', articleId: null });
      expect(record?.error).toMatch(/incorrect header check|gzip|corrupt/i);
      // A stored body that cannot be decompressed will not decompress on the next attempt either.
      expect(record?.outcome).toBe('parse-error');
      expect(record?.attempts).toBe(1);
    }, 60_000);

    it('a raw page missing from MongoDB fails alone as parse-error, without retries; a good page next to it is stored', async () => {
      const missing = parseJobFor('missing-raw-page');
      await enqueueParse(pipeline.queues.parse, missing.job);
      const good = await pipeline.enqueue([`${server.url}/article/next-to-missing.html`]);
      const [record] = await pipeline.waitForOutcomes([missing.job.fetchJobId], 30_000);
      const [goodRecord] = await pipeline.waitForOutcomes(acceptedIds(good), 30_000);
      expect(goodRecord?.outcome).toBe('stored');
      expect(await fetches().countDocuments({ url: missing.url })).toBe(1);
      expect(record).toMatchObject({ outcome: 'parse-error', stage: 'parse', attempts: 1, articleId: null });
      expect(record?.error).toBe(`raw page ${missing.key} is missing from MongoDB`);
    }, 60_000);

    it('leaves every worker running', () => {
      for (const worker of pipeline.workers!.workers) expect(worker.isRunning(), worker.name).toBe(true);
    });
  });
});
