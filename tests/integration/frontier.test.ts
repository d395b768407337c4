import { createServer, type Server } from 'node:http';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchQueue, enqueueUrls } from '../../src/queues/fetch-queue.js';
import { createTestPipeline, type TestPipeline } from '../helpers/pipeline.js';

const PAGES = 2_000;
const PRODUCERS = 20;

/** Deterministic shuffle, so a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('frontier: the seen-check and the enqueue are one atomic step', () => {
  let server: Server;
  let origin: string;
  const hits = new Map<string, number>();
  let pipeline: TestPipeline;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      hits.set(path, (hits.get(path) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<html><head><title>${path}</title></head><body><article><h1>${path}</h1><p>Page ${path} body text.</p></article></body></html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    pipeline = await createTestPipeline({ NEWSFLOW_FETCH_CONCURRENCY: '32', NEWSFLOW_ROBOTS: 'off' });
  });
  afterAll(async () => {
    await pipeline?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it(`fetches each of ${PAGES} canonical URLs exactly once when ${PRODUCERS} producers enqueue overlapping lists with tracking variants`, async () => {
    const variants = (n: number, producer: number) => {
      const base = `${origin}/news/${n}.html`;
      switch ((n + producer) % 4) {
        case 0: return base;
        case 1: return `${base}?utm_source=producer${producer}&utm_medium=rss`;
        case 2: return `${base}?fbclid=${producer}#comments`;
        default: return `${base.replace('http://', 'HTTP://').replace('/news/', '/news/./')}?gclid=x${producer}`;
      }
    };
    const connections: Redis[] = [];
    const results = await Promise.all(
      Array.from({ length: PRODUCERS }, async (_, producer) => {
        const connection = new Redis(pipeline.config.redisUrl, { maxRetriesPerRequest: null });
        connections.push(connection);
        const queue = createFetchQueue({ connection, prefix: pipeline.config.queuePrefix, config: pipeline.config });
        // Each producer covers a different ~3/4 of the pages, so every page is offered many times.
        const mine = Array.from({ length: PAGES }, (_, n) => n).filter((n) => (n + producer) % 4 !== 3 || producer % 2 === 0);
        const decisions = [];
        for (const chunk of [0, 1, 2, 3]) {
          const part = shuffled(mine, producer * 7 + chunk).slice(chunk * 400, chunk * 400 + 600);
          decisions.push(...(await enqueueUrls(queue, part.map((n) => ({ url: variants(n, producer) })), { trackingParams: [], recrawlWindowMs: pipeline.config.recrawlWindowMs })));
        }
        await queue.close();
        return decisions;
      }),
    );
    await Promise.all(connections.map((connection) => connection.quit()));
    const decisions = results.flat();
    const accepted = decisions.filter((decision) => decision.status === 'accepted');
    const offered = new Set(decisions.map((decision) => (decision.status === 'rejected' ? '' : decision.canonicalUrl)));
    expect(decisions.some((decision) => decision.status === 'rejected')).toBe(false);
    expect(accepted).toHaveLength(offered.size);
    expect(decisions.length).toBeGreaterThan(offered.size * 5);

    await pipeline.start(['fetch']);
    const deadline = Date.now() + 120_000;
    while (hits.size < offered.size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    // Let any duplicate that would have been scheduled arrive.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(hits.size).toBe(offered.size);
    const fetchedTwice = [...hits].filter(([, count]) => count > 1);
    expect(fetchedTwice).toEqual([]);
  }, 180_000);
});
