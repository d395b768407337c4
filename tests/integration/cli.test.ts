import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStaticSite, type StaticSite } from '../../src/cli/static-site.js';
import { createTestPipeline, DEMO_SITE, type TestPipeline } from '../helpers/pipeline.js';
import { runCli } from '../helpers/cli.js';

const SEED_PATH = '/haber/2024/10/tokayev-turkmenistan-ziyareti.html';

describe('newsflow CLI', () => {
  let site: StaticSite;
  let pipeline: TestPipeline;

  beforeAll(async () => {
    site = await serveStaticSite(DEMO_SITE);
    pipeline = await createTestPipeline();
    await pipeline.start();
  });
  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
  });

  it('stops with a message naming the variable when the config is bad', async () => {
    const result = await runCli(['status'], { ...pipeline.env, REDIS_URL: 'http://nope', NEWSFLOW_FETCH_CONCURRENCY: 'lots' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('REDIS_URL');
    expect(result.stderr).toContain('NEWSFLOW_FETCH_CONCURRENCY');
  });

  it('enqueues from arguments, a file and stdin, and reports accepted, skipped and rejected URLs', async () => {
    const file = path.join(os.tmpdir(), `newsflow-urls-${process.pid}.txt`);
    await writeFile(file, `# a comment\n${site.origin}${SEED_PATH}\n\nnot-a-url\n${site.origin}/haber/2024/10/kendi-isini-kur-saratov.html\n`);
    const fromFile = await runCli(['enqueue', '--file', file, '--json'], pipeline.env);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const summary = JSON.parse(fromFile.stdout) as { accepted: number; skipped: number; rejected: { url: string; reason: string }[] };
    expect(summary.accepted).toBe(2);
    expect(summary.rejected).toEqual([{ url: 'not-a-url', reason: expect.any(String) }]);

    const fromArgs = await runCli(['enqueue', `${site.origin}${SEED_PATH}?utm_source=newsletter&fbclid=1`, 'javascript:alert(1)'], pipeline.env);
    expect(fromArgs.code, fromArgs.stderr).toBe(0);
    expect(fromArgs.stdout).toMatch(/accepted 0, skipped 1 \(already queued or seen\), rejected 1/);
    expect(fromArgs.stdout).toContain('javascript:alert(1)');

    const fromStdin = await runCli(['enqueue'], pipeline.env, `${site.origin}/haber/2024/10/kazan-cocuk-yaraticiligi-sarayi.html\n`);
    expect(fromStdin.stdout).toMatch(/accepted 1, skipped 0/);
    // Each CLI run is a new process that starts from the sources; on a busy 2-core CI machine one
    // start alone has taken ~12 s.
  }, 180_000);

  it('prints stored articles with query and the pipeline state with status', async () => {
    const deadline = Date.now() + 30_000;
    while ((await pipeline.articles()).length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));

    const json = await runCli(['query', '--format', 'json', '--lang', 'tr', '--source', '127.0.0.1'], pipeline.env);
    expect(json.code, json.stderr).toBe(0);
    const docs = JSON.parse(json.stdout) as { title: string; language: string; authors: string[]; relatedLinks: unknown[]; publishedAt: string }[];
    expect(docs).toHaveLength(3);
    const seed = docs.find((doc) => doc.title.startsWith('Cumhurbaşkanı Tokayev'));
    expect(seed).toMatchObject({ language: 'tr', authors: ['Abdullah Yiğit'], publishedAt: '2024-10-10T11:30:00.000Z' });
    expect(seed?.relatedLinks).toHaveLength(6);

    const since = await runCli(['query', '--format', 'jsonl', '--since', '2024-10-12', '--until', '2024-10-31'], pipeline.env);
    expect(since.stdout.trim().split('\n')).toHaveLength(2);

    const table = await runCli(['query', '--limit', '1'], pipeline.env);
    expect(table.stdout).toMatch(/published\s+lang\s+source/);
    expect(table.stdout).toContain('1 article(s)');

    const bad = await runCli(['query', '--since', 'yesterday'], pipeline.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--since');

    const status = await runCli(['status', '--json'], pipeline.env);
    const parsed = JSON.parse(status.stdout) as { queues: Record<string, Record<string, number>>; articles: number; outcomes: Record<string, number> };
    expect(Object.keys(parsed.queues)).toEqual(['fetch', 'parse', 'store']);
    expect(parsed.queues.fetch).toHaveProperty('waiting');
    expect(parsed.queues.fetch).toHaveProperty('failed');
    expect(parsed.articles).toBe(3);
    expect(parsed.outcomes.stored).toBe(3);
    expect(parsed.outcomes['invalid-url']).toBe(2);
  }, 180_000);
});
