import type { FastifyInstance } from 'fastify';
import { STAGES, type PipelineQueues, type Stage } from '../../queues/index.js';
import { HttpError } from '../errors.js';

const MAX_LISTED = 100;
const RETRY_BATCH = 500;

function jobUrl(data: unknown): string | null {
  const job = data as { url?: string; fetch?: { url?: string }; parse?: { fetch?: { url?: string } } } | null;
  return job?.url ?? job?.fetch?.url ?? job?.parse?.fetch?.url ?? null;
}

function stageOf(value: string): Stage {
  if (!(STAGES as readonly string[]).includes(value)) throw new HttpError(400, `stage: must be one of ${STAGES.join(', ')}`);
  return value as Stage;
}

/**
 * Failed jobs (GET) and the dashboard's retry buttons (POST): the only routes that change
 * anything, and only by putting failed jobs back into their queue, as `newsflow failed retry` does.
 */
export function registerFailedRoutes(app: FastifyInstance, queues: () => PipelineQueues): void {
  app.get('/api/failed', async () => {
    const items = [];
    for (const stage of STAGES) {
      const jobs = await queues()[stage].getFailed(0, MAX_LISTED - 1);
      for (const job of jobs) {
        items.push({ stage, jobId: job.id, url: jobUrl(job.data), reason: job.failedReason ?? null, attempts: job.attemptsMade, failedAt: job.finishedOn ? new Date(job.finishedOn) : null });
      }
    }
    const counts = await Promise.all(STAGES.map((stage) => queues()[stage].getFailedCount()));
    return { total: counts.reduce((sum, count) => sum + count, 0), items };
  });

  app.post('/api/failed/retry', async () => {
    let retried = 0;
    for (const stage of STAGES) {
      const queue = queues()[stage];
      for (;;) {
        const jobs = await queue.getFailed(0, RETRY_BATCH - 1);
        if (jobs.length === 0) break;
        for (const job of jobs) await job.retry('failed');
        retried += jobs.length;
      }
    }
    return { retried };
  });

  app.post<{ Params: { stage: string; jobId: string } }>('/api/failed/:stage/:jobId/retry', async (request) => {
    const stage = stageOf(request.params.stage);
    const job = await queues()[stage].getJob(request.params.jobId);
    if (!job || !(await job.isFailed())) throw new HttpError(404, `no failed ${stage} job ${request.params.jobId}`);
    await job.retry('failed');
    return { retried: 1 };
  });
}
