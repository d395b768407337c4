import { createServer, type Server } from 'node:http';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articlePage } from '../helpers/article-site.js';
import { acceptedIds, createTestPipeline, REDIS_URL, type TestPipeline } from '../helpers/pipeline.js';

/**
 * NEWSFLOW_INLINE_PARSE: a process running fetch and parse parses the pages it fetched itself,
 * without sending them through the parse queue; with it off, or for a page that fails to parse
 * that way, the parse queue does the work. Either way the same articles are stored.
 */
const PAGES = 12;

/** Article pages, plus one "text/html" page of binary garbage that the parse stage refuses. */
async function serveSite(): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const match = /^\/news\/(\d+)\.html$/.exec(path);
    if (match && Number(match[1]) < PAGES) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage(Number(match[1]), PAGES));
    } else if (path === '/garbage.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('parsing in the fetching process (NEWSFLOW_INLINE_PARSE)', () => {
  let site: Awaited<ReturnType<typeof serveSite>>;
  let redis: Redis;
  const pipelines: TestPipeline[] = [];

  /** Job ids BullMQ announced as added to the parse queue (its event stream). */
  const parseJobsAdded = async (pipeline: TestPipeline) => {
    const entries = await redis.xrange(`${pipeline.config.queuePrefix}:parse:events`, '-', '+');
    return entries.flatMap(([, fields]) => {
      const event = Object.fromEntries(Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i], fields[2 * i + 1]]));
      return event.event === 'added' ? [event.jobId!] : [];
    });
  };

  const crawl = async (inline: 'on' | 'off') => {
    const pipeline = await createTestPipeline({ NEWSFLOW_ROBOTS: 'off', NEWSFLOW_INLINE_PARSE: inline, NEWSFLOW_ATTEMPTS: '2' });
    pipelines.push(pipeline);
    await pipeline.start(['all']);
    const urls = [...Array.from({ length: PAGES }, (_, n) => `${site.origin}/news/${n}.html`), `${site.origin}/garbage.html`];
    const records = await pipeline.waitForOutcomes(acceptedIds(await pipeline.enqueue(urls)), 60_000);
    const articles = (await pipeline.articles()).map((doc) => ({ url: doc.url, title: doc.title, language: doc.language, bodyText: doc.bodyText }));
    return { pipeline, records, articles: articles.sort((a, b) => a.url.localeCompare(b.url)) };
  };

  beforeAll(async () => {
    site = await serveSite();
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    for (const pipeline of pipelines) await pipeline.close();
    redis?.disconnect();
    await site?.close();
  });

  it('stores the same articles with it on (the default) and off; on, only the page that failed to parse went through the parse queue', async () => {
    const inline = await crawl('on');
    const queued = await crawl('off');

    for (const run of [inline, queued]) {
      const outcomes = run.records.map((record) => record.outcome).sort();
      expect(outcomes).toEqual([...Array<string>(PAGES).fill('stored'), 'decode-error'].sort());
      const garbage = run.records.find((record) => record.url.endsWith('/garbage.html'));
      expect(garbage).toMatchObject({ stage: 'parse', attempts: 1 });
      expect(garbage?.error).toMatch(/not text/);
    }
    expect(inline.articles).toHaveLength(PAGES);
    expect(inline.articles).toEqual(queued.articles);

    const garbageJobId = inline.records.find((record) => record.url.endsWith('/garbage.html'))!._id;
    expect(await parseJobsAdded(inline.pipeline)).toEqual([garbageJobId]);
    expect(await parseJobsAdded(queued.pipeline)).toHaveLength(PAGES + 1);
    // The refused page is a failed parse job either way, there to inspect.
    for (const run of [inline, queued]) expect((await run.pipeline.queues.parse.getFailed()).map((job) => job.failedReason)).toEqual([expect.stringMatching(/^decode-error/)]);
  }, 120_000);
});
