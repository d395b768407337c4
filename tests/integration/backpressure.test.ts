import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createLogger } from '../../src/shared/logger.js';
import { startWorkers, type RunningWorkers } from '../../src/workers/runtime.js';
import { serveArticleSite, type ArticleSite } from '../helpers/article-site.js';
import { acceptedIds, createTestPipeline, type TestPipeline } from '../helpers/pipeline.js';

/**
 * NEWSFLOW_MAX_DOWNSTREAM_BACKLOG: while more pages wait to be parsed or stored than that, fetching
 * pauses — without spending attempts, and without cycling the fetch backlog through Redis.
 */
describe('fetch backpressure', () => {
  const PAGES = 60;
  const BACKLOG = 10;
  const FETCH_CONCURRENCY = 4;
  let site: ArticleSite;
  let pipeline: TestPipeline;
  let downstream: RunningWorkers | undefined;
  let redis: Redis;

  beforeAll(async () => {
    site = await serveArticleSite(PAGES);
    pipeline = await createTestPipeline({
      NEWSFLOW_MAX_DOWNSTREAM_BACKLOG: String(BACKLOG),
      NEWSFLOW_FETCH_CONCURRENCY: String(FETCH_CONCURRENCY),
    });
    redis = new Redis(pipeline.config.redisUrl);
  });

  afterAll(async () => {
    await downstream?.close(5_000);
    await pipeline?.close();
    await redis?.quit();
    await site?.close();
  });

  /** How many times fetch jobs went back to waiting or to delayed, from the queue's event stream. */
  async function fetchJobsSentBack(): Promise<number> {
    const events = await redis.xrange(`${pipeline.config.queuePrefix}:fetch:events`, '-', '+');
    return events.filter(([, fields]) => {
      const event = fields[fields.indexOf('event') + 1];
      return event === 'delayed' || (event === 'waiting' && fields[fields.indexOf('prev') + 1] === 'active');
    }).length;
  }

  it('stops fetching while parse and store are behind, and the crawl completes once they catch up', async () => {
    await pipeline.start(['fetch']);
    const jobIds = acceptedIds(await pipeline.enqueue(site.urls));
    expect(jobIds).toHaveLength(PAGES);

    // No parse worker: the parse queue fills up to the limit (plus what was in flight), then fetching stops.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const fetched = [...site.hits.values()].reduce((sum, n) => sum + n, 0);
    const parseWaiting = await pipeline.queues.parse.getWaitingCount();
    expect(parseWaiting).toBeGreaterThan(BACKLOG);
    expect(parseWaiting).toBeLessThanOrEqual(BACKLOG + 2 * FETCH_CONCURRENCY);
    expect(fetched).toBeLessThanOrEqual(BACKLOG + 2 * FETCH_CONCURRENCY + 1); // + robots.txt

    // Paused, not spinning: a few jobs per pause go back to the queue, no job is parked in delayed,
    // and no attempt is spent. (Moving every job to delayed sent the 60 jobs round again and again.)
    expect(await fetchJobsSentBack()).toBeLessThan(40);
    expect(await pipeline.queues.fetch.getDelayedCount()).toBe(0);
    const waiting = await pipeline.queues.fetch.getWaiting();
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((job) => job.attemptsMade === 0)).toBe(true);

    downstream = await startWorkers(['parse', 'store'], pipeline.config, createLogger('silent'));
    const outcomes = await pipeline.waitForOutcomes(jobIds, 90_000);
    expect(outcomes.filter((record) => record.outcome === 'stored')).toHaveLength(PAGES);
    expect(await pipeline.db.collection('articles').countDocuments()).toBe(PAGES);
  }, 120_000);
});
