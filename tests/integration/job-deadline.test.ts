import { Queue, type Job, type Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/shared/logger.js';
import { COLLECTIONS } from '../../src/shared/store/collections.js';
import type { FetchRecord } from '../../src/shared/store/outcomes.js';
import { createStageMetrics } from '../../src/workers/metrics.js';
import { createStageWorker } from '../../src/workers/stage-worker.js';
import { createTestPipeline, type TestPipeline } from '../helpers/pipeline.js';

/**
 * A job attempt that never settles (a database connection that stalls without failing, a bug) must
 * not hold its worker's slot for good: the worker renews the lock of every job it holds, so no
 * other worker would ever take it over, and with every slot held the stage stops. Each attempt
 * has a deadline; past it the attempt is abandoned and the job retried, and a job that hangs on
 * every attempt ends with a recorded outcome.
 */
const DEADLINE_MS = 1_000;

interface HangJob {
  fetchJobId: string;
  url: string;
  /** Attempts (1-based) that never settle. */
  hangOn: number[];
  /** The step the attempt says it is at before it hangs. */
  step?: string;
}

describe('job attempts have a deadline', () => {
  let pipeline: TestPipeline;
  let connection: Redis;
  let queue: Queue<HangJob>;
  let worker: Worker<HangJob>;
  const metrics = createStageMetrics();
  const abortReasons = new Map<string, string[]>();

  beforeAll(async () => {
    pipeline = await createTestPipeline({ NEWSFLOW_ATTEMPTS: '3', NEWSFLOW_BACKOFF_MS: '50' });
    connection = new Redis(pipeline.config.redisUrl, { maxRetriesPerRequest: null });
    queue = new Queue<HangJob>('store', { connection, prefix: pipeline.config.queuePrefix });
    worker = createStageWorker<HangJob>({
      queueName: 'store',
      connection,
      prefix: pipeline.config.queuePrefix,
      concurrency: 2,
      lockDurationMs: 5_000,
      jobTimeoutMs: DEADLINE_MS,
      db: pipeline.db,
      log: createLogger('silent'),
      metrics,
      subject: (job) => ({
        fetchJobId: job.data.fetchJobId,
        fetch: { url: job.data.url, canonicalUrl: job.data.url, urlKey: job.data.fetchJobId, depth: 0, origin: 'cli', enqueuedAt: Date.now() },
      }),
      process: async (job: Job<HangJob>, { signal, step }) => {
        if (!job.data.hangOn.includes(job.attemptsMade + 1)) return;
        if (job.data.step) step(job.data.step);
        signal?.addEventListener('abort', () => {
          const reasons = abortReasons.get(job.data.fetchJobId) ?? [];
          reasons.push(signal.reason instanceof Error ? signal.reason.message : String(signal.reason));
          abortReasons.set(job.data.fetchJobId, reasons);
        });
        await new Promise(() => undefined);
      },
    });
  });

  afterAll(async () => {
    await worker?.close(true);
    await queue?.close();
    await connection?.quit();
    await pipeline?.close();
  });

  const add = (data: HangJob) => queue.add('hang', data, { jobId: data.fetchJobId, attempts: 3, backoff: { type: 'fixed', delay: 50 } });
  const finished = async (id: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await queue.getJobState(id);
      if (state === 'completed' || state === 'failed') return (await queue.getJob(id))!;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${state} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('abandons an attempt that hangs, tells it through its abort signal, and retries the job', async () => {
    await add({ fetchJobId: 'hangs-once', url: 'http://127.0.0.1/hangs-once.html', hangOn: [1] });
    const job = await finished('hangs-once');
    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(2);
    expect(abortReasons.get('hangs-once')).toEqual(['the attempt did not finish within 1 s; abandoned']);
  }, 20_000);

  it('frees the slot: jobs behind hanging ones still run', async () => {
    await add({ fetchJobId: 'hang-a', url: 'http://127.0.0.1/hang-a.html', hangOn: [1] });
    await add({ fetchJobId: 'hang-b', url: 'http://127.0.0.1/hang-b.html', hangOn: [1] });
    await add({ fetchJobId: 'behind', url: 'http://127.0.0.1/behind.html', hangOn: [] });
    expect(await (await finished('behind')).getState()).toBe('completed');
    expect(await (await finished('hang-a')).getState()).toBe('completed');
    expect(await (await finished('hang-b')).getState()).toBe('completed');
  }, 20_000);

  it('a job that hangs on every attempt fails with a recorded outcome saying so', async () => {
    await add({ fetchJobId: 'hangs-always', url: 'http://127.0.0.1/hangs-always.html', hangOn: [1, 2, 3], step: 'near-duplicate clustering' });
    const job = await finished('hangs-always');
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(3);
    const record = await pipeline.db.collection<FetchRecord>(COLLECTIONS.fetches).findOne({ _id: 'hangs-always' });
    expect(record).toMatchObject({ outcome: 'gave-up-after-retries', stage: 'store', attempts: 3 });
    // Where it hung, for whoever reads the outcome.
    expect(record?.error).toBe('timeout: the attempt did not finish within 1 s (last step: near-duplicate clustering); abandoned');
    // Operators see abandoned attempts apart from ordinary failures (6 so far in this file: 1 + 2 + 3).
    expect(await metrics.registry.getSingleMetricAsString('newsflow_job_duration_seconds')).toContain('newsflow_job_duration_seconds_count{stage="store",result="abandoned"} 6');
  }, 20_000);
});
