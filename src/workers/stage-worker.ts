import { DelayedError, RateLimitError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Db } from 'mongodb';
import type { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.js';
import { classify, StageError } from '../shared/errors.js';
import type { FetchJob } from '../queues/fetch-queue.js';
import { recordOutcome } from '../shared/store/outcomes.js';
import type { StageMetrics } from './metrics.js';

export interface StageContext {
  log: Logger;
  /** Lock token, needed to move the job to delayed (politeness waits). */
  token: string | undefined;
  /** Aborted when the worker cancels the job (a shutdown that ran out of time) or its deadline passes. */
  signal: AbortSignal | undefined;
  /** Names the step the attempt is at, so an attempt abandoned at its deadline says where it hung. */
  step(name: string): void;
}

/** What every stage knows about the URL its job is about, for logs and the outcome record. */
export interface JobSubject {
  fetchJobId: string;
  fetch: FetchJob;
  finalUrl?: string;
}

export interface StageWorkerOptions<Data> {
  queueName: 'fetch' | 'parse' | 'store';
  connection: Redis;
  prefix: string;
  concurrency: number;
  /** Lock duration; stalled jobs of a crashed worker are recovered about this long after the crash. */
  lockDurationMs: number;
  /** An attempt still running after this long is abandoned and retried (see `withDeadline`). */
  jobTimeoutMs: number;
  db: Db;
  log: Logger;
  metrics: StageMetrics;
  subject: (job: Job<Data>) => JobSubject;
  process: (job: Job<Data>, context: StageContext) => Promise<void>;
}

/** An attempt abandoned at its deadline: transient, so the job is retried while it has attempts left. */
class AttemptDeadlineError extends StageError {
  constructor(timeoutMs: number, lastStep: string | undefined) {
    const at = lastStep ? ` (last step: ${lastStep})` : '';
    super('timeout', `the attempt did not finish within ${Math.round(timeoutMs / 1000)} s${at}; abandoned`, false);
  }
}

/**
 * Runs one attempt with a deadline. A job whose attempt never settles (a connection that hangs
 * without failing, a bug) would otherwise hold its concurrency slot for good while the worker
 * keeps renewing its lock, so no other worker takes it over: enough of them and the stage stops.
 * At the deadline the attempt is aborted through its signal and failed as a transient `timeout`,
 * so BullMQ retries it; the abandoned attempt may still finish, which every stage tolerates
 * because each one is idempotent.
 */
async function withDeadline(
  timeoutMs: number,
  workerSignal: AbortSignal | undefined,
  log: Logger,
  attempt: (signal: AbortSignal, step: (name: string) => void) => Promise<void>,
): Promise<void> {
  let lastStep: string | undefined;
  const deadline = new AbortController();
  const signal = workerSignal ? AbortSignal.any([workerSignal, deadline.signal]) : deadline.signal;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new AttemptDeadlineError(timeoutMs, lastStep);
      deadline.abort(error);
      reject(error);
    }, timeoutMs);
  });
  const running = attempt(signal, (name) => {
    lastStep = name;
  });
  try {
    await Promise.race([running, timedOut]);
  } finally {
    clearTimeout(timer);
    if (deadline.signal.aborted) {
      running.catch((error: unknown) => log.warn({ err: error instanceof Error ? error.message : String(error) }, 'an abandoned attempt failed after its deadline'));
    }
  }
}

/**
 * The one shell around every stage: a child logger per job (id, queue, URL), and errors mapped to
 * BullMQ's decisions. A permanent error records its outcome and becomes `UnrecoverableError`; a
 * transient one is rethrown for BullMQ's backoff, and on the last attempt records why it gave up.
 * Nothing is caught and dropped: every error reaches the queue.
 */
export function createStageWorker<Data>(options: StageWorkerOptions<Data>): Worker<Data> {
  const { db, metrics } = options;
  const processor = async (job: Job<Data>, token?: string, signal?: AbortSignal): Promise<void> => {
    const subject = options.subject(job);
    const log = options.log.child({ jobId: job.id, queue: options.queueName, url: subject.fetch.url, attempt: job.attemptsMade + 1 });
    const stopTimer = metrics.duration.startTimer({ stage: options.queueName });
    try {
      await withDeadline(options.jobTimeoutMs, signal, log, (jobSignal, step) => options.process(job, { log, token, signal: jobSignal, step }));
      stopTimer({ result: 'ok' });
    } catch (error) {
      if (error instanceof DelayedError || error instanceof RateLimitError) {
        // Not a failure: the job waits (politeness, backpressure) and keeps its attempts.
        stopTimer({ result: 'delayed' });
        throw error;
      }
      // Abandoned attempts are counted apart: each one is a hang somewhere worth an alert.
      stopTimer({ result: error instanceof AttemptDeadlineError ? 'abandoned' : 'error' });
      const failure = classify(error);
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (failure.permanent || lastAttempt) {
        const outcome = failure.permanent ? failure.code : 'gave-up-after-retries';
        await recordOutcome(db, {
          _id: subject.fetchJobId,
          url: subject.fetch.url,
          canonicalUrl: subject.fetch.canonicalUrl,
          urlKey: subject.fetch.urlKey,
          finalUrl: subject.finalUrl ?? null,
          sourceId: subject.fetch.sourceId ?? null,
          outcome,
          stage: options.queueName,
          httpStatus: failure.status ?? null,
          attempts: job.attemptsMade + 1,
          error: failure.permanent ? failure.message : `${failure.code}: ${failure.message}`,
          articleId: null,
          enqueuedAt: new Date(subject.fetch.enqueuedAt),
        });
        metrics.outcomes.inc({ stage: options.queueName, outcome });
        log.warn({ outcome, err: failure.message }, 'job failed for good');
        if (failure.permanent) throw new UnrecoverableError(`${failure.code}: ${failure.message}`);
      } else {
        log.info({ err: failure.message, code: failure.code }, 'job failed; BullMQ will retry it with backoff');
      }
      throw error;
    }
  };
  return new Worker<Data>(options.queueName, processor, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    autorun: true,
    // A crashed worker's jobs come back after the lock expires; a page parse may take seconds.
    lockDuration: options.lockDurationMs,
    stalledInterval: Math.max(500, Math.floor(options.lockDurationMs / 2)),
    // A job is only given up on as stalled after many crashes: each stall is a crash, not its fault.
    maxStalledCount: 10,
  });
}
