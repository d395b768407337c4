import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../src/shared/store/collections.js';
import { tryCanonicalizeUrl, urlKey } from '../../src/shared/url/canonicalize.js';
import { startHostileServer, startWorkerProcess, type HostileServer, type WorkerProcess } from '../helpers/hostile-pages.js';
import { acceptedIds, createTestPipeline, type TestPipeline } from '../helpers/pipeline.js';

/**
 * Graceful shutdown of `newsflow worker all` (issue 7), as a child process, while a slowly served
 * page is being fetched:
 *  - SIGTERM: stop taking jobs, finish the in-flight one, close connections, exit 0;
 *  - a second signal during shutdown: exit at once, non-zero;
 *  - NEWSFLOW_SHUTDOWN_TIMEOUT_S=1 and a 10 s page: exit after ~1 s; the unfinished job is not
 *    lost — it is still active in Redis and completes once a new worker picks it up.
 * The three worker processes start together (each `node --import tsx` start costs seconds).
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('graceful shutdown of a worker process', () => {
  let server: HostileServer;
  const pipelines: Record<'graceful' | 'second' | 'timeout', TestPipeline | undefined> = { graceful: undefined, second: undefined, timeout: undefined };
  const workers: Partial<Record<keyof typeof pipelines, WorkerProcess>> = {};
  const common = { NEWSFLOW_ROBOTS: 'off', NEWSFLOW_REQUEST_TIMEOUT_MS: '30000', NEWSFLOW_RESPONSE_TIMEOUT_MS: '15000' };

  beforeAll(async () => {
    server = await startHostileServer();
    pipelines.graceful = await createTestPipeline({ ...common, NEWSFLOW_SHUTDOWN_TIMEOUT_S: '20' });
    pipelines.second = await createTestPipeline({ ...common, NEWSFLOW_SHUTDOWN_TIMEOUT_S: '30' });
    pipelines.timeout = await createTestPipeline({ ...common, NEWSFLOW_SHUTDOWN_TIMEOUT_S: '1' });
    for (const name of ['graceful', 'second', 'timeout'] as const) workers[name] = startWorkerProcess(pipelines[name]!.env);
    await Promise.all(Object.values(workers).map((worker) => worker.ready));
  }, 180_000);

  afterAll(async () => {
    for (const worker of Object.values(workers)) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await Promise.all(Object.values(pipelines).map((pipeline) => pipeline?.close()));
    await server?.close();
  });

  it('SIGTERM during a 3 s fetch: takes no new job, finishes the in-flight one, exits 0', async () => {
    const pipeline = pipelines.graceful!;
    const worker = workers.graceful!;
    const slowUrl = `${server.url}/slow/graceful.html?ms=3000`;
    const first = await pipeline.enqueue([slowUrl]);
    await waitFor(() => server.inFlight.has('/slow/graceful.html'), 30_000, 'the slow fetch to start');

    const signalledAt = Date.now();
    worker.child.kill('SIGTERM');
    await sleep(300);
    // Enqueued during the shutdown: this process must not take it.
    const late = await pipeline.enqueue([`${server.url}/article/after-sigterm.html`]);
    const exit = await worker.exited;
    const elapsed = Date.now() - signalledAt;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(elapsed).toBeLessThan(20_000);
    expect(elapsed).toBeGreaterThan(1_500); // it did wait for the slow response (~2.7 s were left)
    expect(worker.stderr()).toContain('shutting down: finishing in-flight jobs');
    expect(worker.stderr()).toMatch(/"timedOut":false[^\n]*"msg":"stopped"|"msg":"stopped"[^\n]*"timedOut":false/);
    // The in-flight fetch ran to completion: the response was read in full, the raw page saved,
    // and its parse job handed on.
    expect(server.completed.get('/slow/graceful.html')).toBe(1);
    const canonical = tryCanonicalizeUrl(slowUrl);
    expect(canonical.ok).toBe(true);
    const key = urlKey(canonical.ok ? canonical.url : '');
    expect(await pipeline.db.collection(COLLECTIONS.pages).countDocuments({ urlKey: key })).toBe(1);
    expect(await pipeline.queues.fetch.getJobState(acceptedIds(first)[0]!)).toBe('completed');
    // The job enqueued during the shutdown was not taken.
    expect(server.hits.get('/article/after-sigterm.html') ?? 0).toBe(0);
    expect(await pipeline.queues.fetch.getJobState(acceptedIds(late)[0]!)).toMatch(/^(waiting|prioritized)$/);

    // A new worker picks up where the old one stopped; the slow page is not fetched again.
    await pipeline.start();
    const records = await pipeline.waitForOutcomes(acceptedIds([...first, ...late]), 30_000);
    expect(records.map((record) => record.outcome)).toEqual(['stored', 'stored']);
    expect(server.hits.get('/slow/graceful.html')).toBe(1);
  }, 60_000);

  it('a second signal during the shutdown exits at once with a non-zero code', async () => {
    const pipeline = pipelines.second!;
    const worker = workers.second!;
    await pipeline.enqueue([`${server.url}/slow/second-signal.html?ms=10000`]);
    await waitFor(() => server.inFlight.has('/slow/second-signal.html'), 30_000, 'the slow fetch to start');
    worker.child.kill('SIGTERM');
    await sleep(500);
    expect(worker.child.exitCode).toBeNull(); // still finishing the 10 s fetch
    const secondAt = Date.now();
    worker.child.kill('SIGINT');
    const exit = await worker.exited;
    expect(Date.now() - secondAt).toBeLessThan(3_000);
    expect(exit.code).not.toBe(0);
    expect(exit.code).toBe(130);
    expect(worker.stderr()).toContain('second signal: exiting now');
    expect(server.completed.get('/slow/second-signal.html') ?? 0).toBe(0);
  }, 60_000);

  let timeoutJobId = '';

  it('NEWSFLOW_SHUTDOWN_TIMEOUT_S=1 and a 10 s page: exits after ~1 s without finishing the page', async () => {
    const pipeline = pipelines.timeout!;
    const worker = workers.timeout!;
    const decisions = await pipeline.enqueue([`${server.url}/slow/timeout.html?ms=10000&once=1`]);
    timeoutJobId = acceptedIds(decisions)[0]!;
    await waitFor(() => server.inFlight.has('/slow/timeout.html'), 30_000, 'the slow fetch to start');

    const signalledAt = Date.now();
    worker.child.kill('SIGTERM');
    const exit = await worker.exited;
    const elapsed = Date.now() - signalledAt;
    expect(worker.stderr()).toMatch(/"timedOut":true/);
    expect(exit.code).toBe(1); // runWorkerService: a timed-out shutdown exits 1
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(server.completed.get('/slow/timeout.html') ?? 0, 'the 10 s response was read to the end before exiting').toBe(0);
    expect(elapsed).toBeLessThan(6_000);
  }, 60_000);

  it('…and the unfinished job is not lost: a new worker completes it', async () => {
    const pipeline = pipelines.timeout!;
    const jobId = timeoutJobId;
    expect(jobId).not.toBe('');
    // No outcome yet: the fetch job was cut off (aborted and handed back for another attempt),
    // or, if the worker overstayed, only fetched.
    expect(await pipeline.db.collection(COLLECTIONS.fetches).countDocuments({ _id: jobId as never })).toBe(0);
    const state = await pipeline.queues.fetch.getJobState(jobId);
    expect(['delayed', 'waiting', 'active', 'completed']).toContain(state);
    if (state === 'active') {
      // Still active in Redis, held by the dead worker's lock. The lock would expire by itself
      // after lockDuration (60 s); deleting it stands in for that wait. The new worker's
      // stalled-job check (every stalledInterval, 30 s) then moves the job back to waiting.
      const redis = new Redis(pipeline.config.redisUrl);
      const lockKey = pipeline.queues.fetch.toKey(`${jobId}:lock`);
      expect(await redis.exists(lockKey)).toBe(1);
      await redis.del(lockKey);
      await redis.quit();
    }
    await pipeline.start();
    const [record] = await pipeline.waitForOutcomes([jobId], 50_000);
    expect(record?.outcome).toBe('stored');
    expect(await pipeline.db.collection(COLLECTIONS.fetches).countDocuments({ url: `${server.url}/slow/timeout.html?ms=10000&once=1` })).toBe(1);
  }, 90_000);
});
