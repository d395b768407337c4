import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus metrics of one process; every stage in it shares them. */
export interface StageMetrics {
  registry: Registry;
  duration: Histogram<'stage' | 'result'>;
  outcomes: Counter<'stage' | 'outcome'>;
  bytesDownloaded: Counter<string>;
  queueDepth: Gauge<'queue' | 'state'>;
  insertBatch: Histogram<'collection'>;
}

/** Reads queue depths when Prometheus scrapes (no polling in between). */
export type QueueDepthReader = () => Promise<Record<string, Record<string, number>>>;

export function createStageMetrics(readQueueDepths?: QueueDepthReader): StageMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'newsflow_' });
  return {
    registry,
    duration: new Histogram({
      name: 'newsflow_job_duration_seconds',
      help: 'Time spent processing one job attempt, by stage and result (ok, delayed, error, abandoned at its deadline)',
      labelNames: ['stage', 'result'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    outcomes: new Counter({
      name: 'newsflow_pages_total',
      help: 'Pages that reached an outcome, by the stage that decided it',
      labelNames: ['stage', 'outcome'],
      registers: [registry],
    }),
    bytesDownloaded: new Counter({
      name: 'newsflow_bytes_downloaded_total',
      help: 'Response body bytes downloaded (after decompression)',
      registers: [registry],
    }),
    insertBatch: new Histogram({
      name: 'newsflow_insert_batch_documents',
      help: 'Documents per insert sent to MongoDB, by collection (NEWSFLOW_INSERT_BATCH_MS and _MAX shape them)',
      labelNames: ['collection'],
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'newsflow_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        if (!readQueueDepths) return;
        for (const [queue, counts] of Object.entries(await readQueueDepths())) {
          for (const [state, value] of Object.entries(counts)) this.set({ queue, state }, value);
        }
      },
    }),
  };
}
