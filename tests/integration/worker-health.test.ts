import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStaticSite, type StaticSite } from '../../src/cli/static-site.js';
import { acceptedIds, createTestPipeline, DEMO_SITE, type TestPipeline } from '../helpers/pipeline.js';

const PORT = 19_000 + Math.floor(Math.random() * 1000);

describe('worker health and metrics endpoints', () => {
  let site: StaticSite;
  let pipeline: TestPipeline;

  beforeAll(async () => {
    site = await serveStaticSite(DEMO_SITE);
    pipeline = await createTestPipeline({ NEWSFLOW_METRICS_PORT: String(PORT) });
    await pipeline.start();
  });
  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
  });

  it('answers /healthz and /readyz when Redis and MongoDB are reachable', async () => {
    expect((await fetch(`http://127.0.0.1:${PORT}/healthz`)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${PORT}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toContain('ready');
  });

  it('exports pages by outcome, durations, bytes downloaded, queue depths and insert batch sizes for Prometheus', async () => {
    const decisions = await pipeline.enqueue([`${site.origin}/haber/2024/10/kendi-isini-kur-saratov.html`, `${site.origin}/missing.html`]);
    await pipeline.waitForOutcomes(acceptedIds(decisions));
    const body = await (await fetch(`http://127.0.0.1:${PORT}/metrics`)).text();
    expect(body).toMatch(/newsflow_pages_total\{stage="store",outcome="stored"\} 1/);
    expect(body).toMatch(/newsflow_pages_total\{stage="fetch",outcome="http-4xx"\} 1/);
    expect(body).toMatch(/newsflow_job_duration_seconds_bucket\{le="[^"]+",stage="fetch",result="ok"\}/);
    expect(body).toMatch(/newsflow_bytes_downloaded_total [1-9]\d*/);
    expect(body).toMatch(/newsflow_queue_jobs\{queue="fetch",state="failed"\} 1/);
    expect(body).toContain('newsflow_process_resident_memory_bytes');
    // Every document written went out in some batch: one article, and both URLs' outcome records.
    expect(body).toMatch(/newsflow_insert_batch_documents_sum\{collection="articles"\} 1\n/);
    expect(body).toMatch(/newsflow_insert_batch_documents_sum\{collection="fetches"\} 2\n/);
  });
});
