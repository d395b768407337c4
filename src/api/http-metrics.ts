import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import { STAGES, type PipelineQueues } from '../queues/index.js';

const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

/**
 * The API process's Prometheus registry: requests by route (the route pattern, not the URL, so
 * ids do not explode the label set) and queue depths read from Redis when scraped.
 */
export function createApiMetrics(queues: () => PipelineQueues): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'newsflow_api_' });
  new Gauge({
    name: 'newsflow_queue_jobs',
    help: 'Jobs per queue and state (read on scrape)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const pipeline = queues();
      const counts = await Promise.all(STAGES.map((stage) => pipeline[stage].getJobCounts(...QUEUE_STATES)));
      STAGES.forEach((stage, index) => {
        for (const state of QUEUE_STATES) this.set({ queue: stage, state }, counts[index]?.[state] ?? 0);
      });
    },
  });
  return registry;
}

export function installRequestMetrics(app: FastifyInstance, registry: Registry): void {
  const requests = new Counter({
    name: 'newsflow_api_http_requests_total',
    help: 'HTTP requests served, by method, route and status code',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'newsflow_api_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
}
