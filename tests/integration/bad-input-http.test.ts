import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../src/shared/store/collections.js';
import type { FetchRecord } from '../../src/shared/store/outcomes.js';
import { startHostileServer, type HostileServer } from '../helpers/hostile-pages.js';
import { startMisbehavingServer, type MisbehavingServer } from '../helpers/misbehaving-server.js';
import { acceptedIds, createTestPipeline, type TestPipeline } from '../helpers/pipeline.js';

/**
 * Bad-input corpus, HTTP responses through the whole pipeline (issue 8): every hostile URL ends
 * with exactly one `fetches` record carrying the right outcome, and a normal page enqueued after
 * them is still stored. Timeouts are small so the slow routes finish fast.
 */
const ATTEMPTS = 2;

interface Case {
  path: string;
  /** The outcome, or the outcomes that are equally right. */
  outcome: string | string[];
  status?: number;
  /** The error text of the record (for given-up jobs: the last failure's code). */
  error?: RegExp;
  /** Exact attempts; otherwise at most NEWSFLOW_ATTEMPTS (a loaded machine may time out once before a permanent answer). */
  attempts?: number;
}

const MISBEHAVING: Case[] = [
  { path: '/slow-drip', outcome: 'gave-up-after-retries', error: /^timeout:/, attempts: ATTEMPTS },
  { path: '/never-answers', outcome: 'gave-up-after-retries', error: /^timeout:/, attempts: ATTEMPTS },
  { path: '/huge', outcome: 'too-large', error: /Content-Length 52428800 exceeds/ },
  { path: '/huge-chunked', outcome: 'too-large', error: /exceeds/ },
  { path: '/gzip-bomb', outcome: 'too-large', error: /exceeds/ },
  { path: '/redirect-loop-a', outcome: 'redirect-loop' },
  { path: '/redirect-chain', outcome: 'too-many-redirects' },
  { path: '/reset-mid-body', outcome: 'gave-up-after-retries', error: /^network-error:/, attempts: ATTEMPTS },
  { path: '/not-found', outcome: 'http-4xx', status: 404 },
  { path: '/gone', outcome: 'http-4xx', status: 410 },
  { path: '/pdf', outcome: 'unsupported-type', error: /application\/pdf/ },
  // "<p>A\0B\0C</p>": a few letters; whether that is an article is the extractor's call.
  { path: '/nul-bytes', outcome: ['stored', 'not-article'] },
];

const HOSTILE: Case[] = [
  { path: '/500-forever', outcome: 'gave-up-after-retries', status: 500, error: /^http-5xx: HTTP 500/, attempts: ATTEMPTS },
  { path: '/rate-limited', outcome: 'gave-up-after-retries', status: 429, error: /^http-4xx: HTTP 429/, attempts: ATTEMPTS },
];

describe('bad input: hostile HTTP responses through the pipeline', () => {
  let site: MisbehavingServer;
  let hostile: HostileServer;
  let limited: HostileServer;
  let pipeline: TestPipeline;
  let records: FetchRecord[];
  // Accepted at enqueue (canonical form: %00), but the URL as given keeps its raw NUL.
  const nulUrl = () => `${hostile.url}/article/nul\u0000byte.html`;
  const urlOf = (c: Case, origin: string) => `${origin}${c.path}${c.path === '/redirect-chain' ? '?n=0' : c.path === '/rate-limited' ? '?after=1' : ''}`;

  beforeAll(async () => {
    site = await startMisbehavingServer();
    hostile = await startHostileServer();
    // A 429 pauses its whole host (Retry-After): it gets a server, hence a host:port, of its own.
    limited = await startHostileServer();
    pipeline = await createTestPipeline({
      NEWSFLOW_ATTEMPTS: String(ATTEMPTS),
      NEWSFLOW_BACKOFF_MS: '100',
      NEWSFLOW_ROBOTS: 'off',
      // Small enough for the slow routes to finish fast, large enough for a loaded CI machine.
      NEWSFLOW_CONNECT_TIMEOUT_MS: '3000',
      NEWSFLOW_RESPONSE_TIMEOUT_MS: '5000',
      NEWSFLOW_REQUEST_TIMEOUT_MS: '8000',
      NEWSFLOW_MAX_BODY_BYTES: String(2 * 1024 * 1024),
    });
    await pipeline.start();
    const hostileUrls = [...MISBEHAVING.map((c) => urlOf(c, site.url)), ...HOSTILE.map((c) => urlOf(c, c.path === '/rate-limited' ? limited.url : hostile.url))];
    const first = await pipeline.enqueue(hostileUrls);
    expect(first.map((decision) => decision.status)).toEqual(hostileUrls.map(() => 'accepted'));
    // The normal pages come after every hostile one.
    const after = await pipeline.enqueue([`${hostile.url}/article/after-the-corpus.html`, `${site.url}/ok`]);
    records = await pipeline.waitForOutcomes(acceptedIds([...first, ...after]), 100_000);
  }, 150_000);

  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
    await hostile?.close();
    await limited?.close();
  });

  it.each([...MISBEHAVING.map((c) => ['misbehaving', c] as const), ...HOSTILE.map((c) => ['hostile', c] as const)])('%s %s ends with exactly one record with the right outcome', async (server, c) => {
    const origin = server === 'misbehaving' ? site.url : c.path === '/rate-limited' ? limited.url : hostile.url;
    const url = urlOf(c, origin);
    const all = await pipeline.db.collection<FetchRecord>(COLLECTIONS.fetches).find({ url }).toArray();
    expect(all, url).toHaveLength(1);
    const record = all[0]!;
    expect(typeof c.outcome === 'string' ? [c.outcome] : c.outcome, `${url}: ${record.error}`).toContain(record.outcome);
    if (c.status !== undefined) expect(record.httpStatus).toBe(c.status);
    if (c.error) expect(record.error).toMatch(c.error);
    if (c.attempts !== undefined) expect(record.attempts).toBe(c.attempts);
    else expect(record.attempts).toBeLessThanOrEqual(ATTEMPTS);
  });

  it('retries a 500 that never recovers exactly NEWSFLOW_ATTEMPTS times, then gives up', () => {
    expect(hostile.hits.get('/500-forever')).toBe(ATTEMPTS);
  });

  it('stops reading the 50 MB, chunked and gzip-bomb bodies early', () => {
    for (const path of ['/huge', '/huge-chunked', '/gzip-bomb']) expect(site.bytesWritten.get(path) ?? 0, path).toBeLessThan(20 * 1024 * 1024);
  });

  it('still stores a normal page enqueued after all of them', async () => {
    const [record] = records.filter((r) => r.url === `${hostile.url}/article/after-the-corpus.html`);
    expect(record?.outcome).toBe('stored');
    const docs = await pipeline.articles();
    expect(docs.map((doc) => doc.url)).toContain(`${hostile.url}/article/after-the-corpus.html`);
    // Nothing from the hostile routes became an article.
    const unexpected = docs.filter((doc) => !/\/article\/|\/ok$|\/nul-bytes$/.test(doc.url));
    expect(unexpected.map((doc) => doc.url)).toEqual([]);
    // The NUL bytes never reach MongoDB.
    for (const doc of docs) expect(`${doc.title ?? ''}${doc.bodyText}`).not.toContain('\u0000');
  });

  it('records a short page from the misbehaving host as well (it is not blocked by its neighbours)', () => {
    const [record] = records.filter((r) => r.url === `${site.url}/ok`);
    expect(['stored', 'not-article']).toContain(record?.outcome);
  });

  it('leaves every worker running and no job behind', async () => {
    for (const worker of pipeline.workers!.workers) expect(worker.isRunning(), worker.name).toBe(true);
    // (Delayed fetch jobs are the scheduled refetches of the fresh articles just stored.)
    for (const queue of [pipeline.queues.fetch, pipeline.queues.parse, pipeline.queues.store]) {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
      expect([counts.waiting, counts.active, counts.prioritized], queue.name).toEqual([0, 0, 0]);
    }
    expect(await pipeline.queues.parse.getDelayedCount()).toBe(0);
    expect(await pipeline.queues.store.getDelayedCount()).toBe(0);
  });

  it('records the outcome of an accepted URL with a raw NUL byte in it (FerretDB strings cannot hold NUL)', async () => {
    const decisions = await pipeline.enqueue([nulUrl()]);
    expect(decisions.map((decision) => decision.status)).toEqual(['accepted']);
    const [record] = await pipeline.waitForOutcomes(acceptedIds(decisions), 20_000);
    expect(record?.outcome).toBe('stored');
    expect(record?.canonicalUrl).toBe(`${hostile.url}/article/nul%00byte.html`);
  }, 30_000);
});
