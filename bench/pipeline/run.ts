/**
 * `npm run bench:pipeline` — newsflow end to end against Crawlee's CheerioCrawler on a generated
 * local site, with per-process CPU and memory, Redis backlog cost, MongoDB bytes per document and
 * scale-out over worker processes. See docs/scaling.md for what the numbers mean.
 *
 *   npm run bench:pipeline -- [--pages 5000] [--concurrency 16] [--variants all1,split,crawlee,scale2,scale4]
 *                             [--backlog 100000] [--json out.json] [--runner tsx|dist] [--cpu-prof] [--ferretdb-gin on|off]
 *                             [--worker-node-args=--trace-gc] [--site-compression gzip|none]
 *
 * Everything runs on this machine: the site server (own process), a private Redis and FerretDB
 * (on a new PostgreSQL database) started for the run, the newsflow worker processes started
 * through the public CLI, and Crawlee in its own process. Each newsflow variant gets its own queue
 * prefix and MongoDB database; everything is removed at the end (--keep keeps it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { applyFerretDbGinIndexes } from '../lib/ferretdb-gin.js';
import { pageUrls } from '../site/generate.js';
import { summarize } from './cpuprofile-top.js';
import { ProcessSampler, type ProcessReport } from './proc.js';
import { freePort, startBenchServices, type BenchServices, type PgActivity } from './services.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ALL_VARIANTS = ['all1', 'split', 'crawlee', 'scale2', 'scale4'] as const;
type VariantName = (typeof ALL_VARIANTS)[number];

const { values: args } = parseArgs({
  options: {
    pages: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '16' },
    seed: { type: 'string', default: '42' },
    variants: { type: 'string', default: ALL_VARIANTS.join(',') },
    backlog: { type: 'string', default: '100000' },
    json: { type: 'string' },
    runner: { type: 'string', default: 'tsx' },
    'cpu-prof': { type: 'boolean', default: false },
    /** Extra node flags for the worker processes, e.g. "--trace-gc" or "--max-old-space-size=512". */
    'worker-node-args': { type: 'string', default: '' },
    'sample-ms': { type: 'string', default: '3000' },
    'stall-s': { type: 'string', default: '180' },
    /** Stop a newsflow variant after this many seconds and report what was done (0 = no limit). */
    'max-s': { type: 'string', default: '0' },
    'parse-concurrency': { type: 'string' },
    'store-concurrency': { type: 'string' },
    keep: { type: 'boolean', default: false },
    /** on: add GIN indexes with scripts/ferretdb-gin-indexes.sql once the workers created theirs (off: FerretDB as shipped). */
    'ferretdb-gin': { type: 'string', default: 'on' },
    /** gzip: the site compresses pages for clients that accept it, as real news sites do; none: plain bytes (runs before 2026-11-28). */
    'site-compression': { type: 'string', default: 'gzip' },
    /** Where the newsflow under test lives (default: this repository). */
    root: { type: 'string' },
  },
});
const PIPELINE_ROOT = path.resolve(args.root ?? ROOT);
const PAGES = Number(args.pages);
const CONCURRENCY = Number(args.concurrency);
const SEED = Number(args.seed);
const BACKLOG = Number(args.backlog);
const SAMPLE_MS = Number(args['sample-ms']);
const STALL_MS = Number(args['stall-s']) * 1000;
const MAX_MS = Number(args['max-s']) * 1000;
const variants = args.variants.split(',').map((v) => v.trim()).filter(Boolean) as VariantName[];
for (const v of variants) if (!(ALL_VARIANTS as readonly string[]).includes(v)) throw new Error(`unknown variant ${v}; use ${ALL_VARIANTS.join(',')}`);
if (args.runner !== 'tsx' && args.runner !== 'dist') throw new Error('--runner is tsx or dist');
if (args.runner === 'dist' && !existsSync(path.join(path.resolve(args.root ?? ROOT), 'dist/cli/main.js'))) throw new Error('dist/cli/main.js is missing: npm run build first');

const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'newsflow-bench-'));
const profDir = path.join(os.tmpdir(), `newsflow-bench-prof-${runId}`);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const say = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

// ---------- helpers ----------

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function cliCommand(extraNodeArgs: string[] = []): string[] {
  return args.runner === 'dist' ? [...extraNodeArgs, path.join(PIPELINE_ROOT, 'dist/cli/main.js')] : [...extraNodeArgs, '--import', 'tsx', path.join(PIPELINE_ROOT, 'src/cli/main.ts')];
}

function spawnLogged(label: string, argv: string[], env: NodeJS.ProcessEnv, logFile: string, stdio: 'pipe' | 'ignore' = 'ignore'): ChildProcess {
  const fd = openSync(logFile, 'a');
  return spawn(process.execPath, argv, { cwd: PIPELINE_ROOT, env, stdio: [stdio, stdio === 'pipe' ? 'pipe' : fd, fd] });
}

async function waitForLog(child: ChildProcess, logFile: string, needle: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(logFile) && readFileSync(logFile, 'utf8').includes(needle)) return;
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before "${needle}"; log ${logFile}:\n${tail(logFile)}`);
    if (Date.now() > deadline) throw new Error(`no "${needle}" after ${timeoutMs} ms; log ${logFile}:\n${tail(logFile)}`);
    await sleep(250);
  }
}

const tail = (file: string, lines = 15) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n') : '');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function stopChild(child: ChildProcess, timeoutMs = 45_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(timeoutMs)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

function waitExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function dirBytes(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  if (!existsSync(dir)) return { bytes, files };
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += statSync(path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name)).size;
    files += 1;
  }
  return { bytes, files };
}

// ---------- results ----------

interface VariantResult {
  name: string;
  system: 'newsflow' | 'crawlee';
  description: string;
  processes: number;
  pages: number;
  completed: number;
  stored: number;
  outcomes: Record<string, number>;
  wallSeconds: number;
  pagesPerSecond: number;
  latencyMs: { p50: number | null; p90: number | null; p99: number | null; max: number | null };
  cpu: { group: string; seconds: number; msPerPage: number }[];
  cpuMsPerPageTotal: number;
  processesReport: { name: string; group: string; pid: number; cpuSeconds: number; peakRssMB: number; rssFirstMB: number | null; rssMiddleMB: number | null; rssLastMB: number | null }[];
  storage?: Record<string, unknown>;
  /** Thirds of the run by pages done: is throughput / cost per page steady as the database grows? */
  phases?: Phase[];
  loadBefore: string;
  loadAfter: string;
  notes: string[];
}

const COUNTED_GROUPS = new Set(['newsflow', 'newsflow-enqueue', 'redis', 'ferretdb', 'postgres', 'crawlee']);

function summarizeProcesses(reports: ProcessReport[], pages: number) {
  const groups = new Map<string, number>();
  for (const report of reports) groups.set(report.group, (groups.get(report.group) ?? 0) + report.cpuSeconds);
  const cpu = [...groups].map(([group, seconds]) => ({ group, seconds: round(seconds, 2), msPerPage: round((seconds * 1000) / Math.max(1, pages), 2) }));
  const total = [...groups].filter(([group]) => COUNTED_GROUPS.has(group)).reduce((sum, [, seconds]) => sum + seconds, 0);
  // PostgreSQL backends come and go: one row for all of them.
  const merged = new Map<string, ProcessReport & { count: number }>();
  for (const report of reports) {
    const key = report.group === 'postgres' ? 'postgres backends (sum CPU, max RSS)' : `${report.name}`;
    const prev = merged.get(key);
    if (!prev) merged.set(key, { ...report, name: key, count: 1 });
    else {
      prev.cpuSeconds += report.cpuSeconds;
      prev.peakRssBytes = Math.max(prev.peakRssBytes, report.peakRssBytes);
      prev.count += 1;
    }
  }
  const mb = (bytes: number | undefined) => (bytes === undefined ? null : round(bytes / 1048576, 1));
  const processesReport = [...merged.values()].map((report) => {
    const series = report.group === 'postgres' ? [] : report.rssSeries;
    return {
      name: report.name, group: report.group, pid: report.pid, cpuSeconds: round(report.cpuSeconds, 2), peakRssMB: mb(report.peakRssBytes)!,
      rssFirstMB: mb(series[0]?.rss), rssMiddleMB: mb(series[Math.floor(series.length / 2)]?.rss), rssLastMB: mb(series[series.length - 1]?.rss),
      rssSamples: series.length,
      // Up to 60 evenly spaced samples [seconds since start, MB] for plotting growth.
      rssSeriesMB: series.filter((_, i) => i % Math.max(1, Math.ceil(series.length / 60)) === 0).map((p) => [Math.round(p.t), mb(p.rss)]),
    };
  });
  return { cpu, cpuMsPerPageTotal: round((total * 1000) / Math.max(1, pages), 2), processesReport };
}

interface Phase { label: string; fromPage: number; toPage: number; seconds: number; pagesPerSecond: number; cpuMsPerPage: Record<string, number> }

/** Splits a run into thirds by outcomes recorded, with pages/s and CPU ms/page per group in each. */
function phasesOf(progress: { t: number; count: number }[], cpuSeries: { t: number; cpu: Record<string, number> }[], total: number): Phase[] {
  if (progress.length < 4 || cpuSeries.length < 4 || total < 30) return [];
  const timeAt = (pages: number) => progress.find((p) => p.count >= pages)?.t ?? progress.at(-1)!.t;
  const cpuAt = (t: number) => {
    let best = cpuSeries[0]!;
    for (const sample of cpuSeries) if (Math.abs(sample.t - t) < Math.abs(best.t - t)) best = sample;
    return best;
  };
  const cuts = [0, Math.round(total / 3), Math.round((2 * total) / 3), total];
  const phases: Phase[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = i === 0 ? 0 : timeAt(cuts[i]!);
    const t1 = timeAt(cuts[i + 1]!);
    const a = i === 0 ? { t: 0, cpu: {} as Record<string, number> } : cpuAt(t0);
    const b = cpuAt(t1);
    const pagesDone = (progress.find((p) => p.t >= t1)?.count ?? total) - (i === 0 ? 0 : progress.find((p) => p.t >= t0)?.count ?? 0);
    const cpuMsPerPage: Record<string, number> = {};
    for (const group of Object.keys(b.cpu)) cpuMsPerPage[group] = round((((b.cpu[group] ?? 0) - (a.cpu[group] ?? 0)) * 1000) / Math.max(1, pagesDone), 1);
    phases.push({ label: ['first third', 'middle third', 'last third'][i]!, fromPage: cuts[i]!, toPage: cuts[i + 1]!, seconds: round(t1 - t0, 1), pagesPerSecond: round(pagesDone / Math.max(0.001, t1 - t0), 2), cpuMsPerPage });
  }
  return phases;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

// ---------- newsflow ----------

/** Sum of `newsflow_pages_total` over the workers, or null when one does not answer. */
async function outcomesReported(ports: number[]): Promise<number | null> {
  let total = 0;
  for (const port of ports) {
    try {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
      for (const match of text.matchAll(/^newsflow_pages_total\{[^}]*\} ([0-9.e+]+)$/gm)) total += Number(match[1]);
    } catch {
      return null;
    }
  }
  return total;
}

interface HeapSample { t: number; pages: number; heapUsedMB: number; externalMB: number; rssMB: number }

/** A worker's own view of its memory (prom-client default metrics): is RSS growth heap, buffers or neither? */
async function heapOf(port: number, t: number, pages: number): Promise<HeapSample | null> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    const value = (name: string) => Number(new RegExp(`^newsflow_${name} ([0-9.e+]+)`, 'm').exec(text)?.[1] ?? NaN) / 1048576;
    return { t: Math.round(t), pages, heapUsedMB: round(value('nodejs_heap_size_used_bytes'), 0), externalMB: round(value('nodejs_external_memory_bytes'), 0), rssMB: round(value('process_resident_memory_bytes'), 0) };
  } catch {
    return null;
  }
}

interface NewsflowVariant {
  name: VariantName;
  description: string;
  roles: { role: 'all' | 'fetch' | 'parse' | 'store'; label: string }[];
}

const NEWSFLOW_VARIANTS: Record<Exclude<VariantName, 'crawlee'>, NewsflowVariant> = {
  all1: { name: 'all1', description: 'newsflow: 1 × `worker all`', roles: [{ role: 'all', label: 'worker all #1' }] },
  split: {
    name: 'split',
    description: 'newsflow: `worker fetch` + `worker parse` + `worker store`',
    roles: [{ role: 'fetch', label: 'worker fetch' }, { role: 'parse', label: 'worker parse' }, { role: 'store', label: 'worker store' }],
  },
  scale2: { name: 'scale2', description: 'newsflow: 2 × `worker all`', roles: [1, 2].map((i) => ({ role: 'all' as const, label: `worker all #${i}` })) },
  scale4: { name: 'scale4', description: 'newsflow: 4 × `worker all`', roles: [1, 2, 3, 4].map((i) => ({ role: 'all' as const, label: `worker all #${i}` })) },
};

function newsflowEnv(services: BenchServices, prefix: string, dbName: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    REDIS_URL: services.redisUrl,
    MONGODB_URL: `${services.mongoBase}/${dbName}`,
    NEWSFLOW_QUEUE_PREFIX: prefix,
    NEWSFLOW_ALLOW_HOSTS: '127.0.0.1',
    // Politeness off for a site we own: no minimum interval, and the highest per-host limit the
    // config accepts (100), above every variant's total fetch concurrency.
    NEWSFLOW_HOST_MIN_INTERVAL_MS: '0',
    NEWSFLOW_HOST_MAX_CONCURRENCY: '100',
    NEWSFLOW_FETCH_CONCURRENCY: String(CONCURRENCY),
    ...(args['parse-concurrency'] ? { NEWSFLOW_PARSE_CONCURRENCY: args['parse-concurrency'] } : {}),
    ...(args['store-concurrency'] ? { NEWSFLOW_STORE_CONCURRENCY: args['store-concurrency'] } : {}),
    NEWSFLOW_LOG_LEVEL: 'info',
    NEWSFLOW_SOURCES_DIR: path.join(PIPELINE_ROOT, 'sources'),
  };
}

async function deletePrefix(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl);
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
  return deleted;
}

async function runNewsflow(variant: NewsflowVariant, services: BenchServices, site: { pid: number }, urlsFile: string): Promise<VariantResult> {
  const prefix = `nfb-${runId}-${variant.name}`;
  const dbName = `nfb_${runId}_${variant.name}`;
  const env = newsflowEnv(services, prefix, dbName);
  const logDir = path.join(tmp, `logs-${variant.name}`);
  mkdirSync(logDir, { recursive: true });
  const sampler = new ProcessSampler(1000, SAMPLE_MS);
  services.track(sampler);
  sampler.track('site server', 'site', site.pid, false);
  const notes: string[] = [];
  const workers: { label: string; child: ChildProcess; log: string; metricsPort: number; heap: HeapSample[] }[] = [];
  const mongo = await MongoClient.connect(`${services.mongoBase}/${dbName}`);
  const db = mongo.db();
  try {
    say(`${variant.name}: starting ${variant.roles.length} worker process(es); load ${load()}`);
    for (const { role, label } of variant.roles) {
      const log = path.join(logDir, `${label.replace(/\W+/g, '-')}.log`);
      const nodeArgs = [
        ...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profDir, variant.name, label.replace(/\W+/g, '-'))}`] : []),
        ...args['worker-node-args']!.split(/\s+/).filter(Boolean),
      ];
      const metricsPort = await freePort();
      const child = spawnLogged(label, [...cliCommand(nodeArgs), 'worker', role], { ...env, NEWSFLOW_METRICS_PORT: String(metricsPort) }, log);
      workers.push({ label, child, log, metricsPort, heap: [] });
      sampler.track(label, 'newsflow', child.pid!);
    }
    for (const worker of workers) await waitForLog(worker.child, worker.log, 'workers started', 120_000);
    if (args['ferretdb-gin'] === 'on') {
      const gin = applyFerretDbGinIndexes(`postgres://postgres@127.0.0.1:5432/${services.pgDatabase}`, dbName);
      notes.push(gin.ok ? 'FerretDB tuned with scripts/ferretdb-gin-indexes.sql' : `FerretDB GIN indexes not applied: ${gin.reason}`);
    } else {
      notes.push('FerretDB as shipped (--ferretdb-gin off): every filter is a sequential scan');
    }
    // Each variant has the run's Redis and FerretDB database to itself: their counters are this variant's.
    const statsRedis = new Redis(services.redisUrl);
    await statsRedis.config('RESETSTAT');
    const pgBefore = services.pgActivity();
    sampler.start();
    sampler.mark();
    const loadBefore = load();
    const t0 = Date.now();
    const enqueueLog = path.join(logDir, 'enqueue.log');
    const enqueue = spawnLogged('enqueue', [...cliCommand(), 'enqueue', '--file', urlsFile, '--json'], env, enqueueLog, 'pipe');
    sampler.track('enqueue CLI', 'newsflow-enqueue', enqueue.pid!);
    let enqueueOut = '';
    enqueue.stdout!.on('data', (chunk: Buffer) => { enqueueOut += chunk.toString(); });
    let enqueueDoneAt = 0;
    const enqueueExit = waitExit(enqueue).then((code) => { enqueueDoneAt = Date.now(); return code; });
    const fetches = db.collection('fetches');
    let count = 0;
    let lastProgress = Date.now();
    let lastCount = -1;
    let lastSay = 0;
    const progress: { t: number; count: number }[] = [];
    for (;;) {
      await sleep(1000);
      // Progress from the workers' own outcome counters: counting the outcome records every second
      // would cost FerretDB a read of the whole collection each time and inflate the very cost per
      // page this bench measures. The records themselves are counted only to confirm the end.
      const reported = await outcomesReported(workers.map((worker) => worker.metricsPort));
      count = reported ?? (await fetches.countDocuments({}));
      if (count >= PAGES && reported !== null) count = await fetches.countDocuments({});
      progress.push({ t: (Date.now() - t0) / 1000, count });
      if (count !== lastCount) {
        lastCount = count;
        lastProgress = Date.now();
      }
      if (Date.now() - lastSay > 15_000) {
        for (const worker of workers) {
          const sample = await heapOf(worker.metricsPort, (Date.now() - t0) / 1000, count);
          if (sample) worker.heap.push(sample);
        }
        say(`${variant.name}: ${count}/${PAGES} outcomes after ${((Date.now() - t0) / 1000).toFixed(0)} s; load ${load()}`);
        lastSay = Date.now();
      }
      if (count >= PAGES && enqueueDoneAt > 0) break;
      for (const worker of workers) if (worker.child.exitCode !== null) throw new Error(`${worker.label} exited (${worker.child.exitCode}):\n${tail(worker.log)}`);
      if (MAX_MS > 0 && Date.now() - t0 > MAX_MS && enqueueDoneAt > 0) {
        notes.push(`stopped by --max-s ${MAX_MS / 1000} at ${count}/${PAGES} outcomes; rates are over the pages done`);
        break;
      }
      if (Date.now() - lastProgress > STALL_MS) {
        notes.push(`stalled: no new outcome for ${STALL_MS / 1000} s at ${count}/${PAGES}; results are partial`);
        say(`${variant.name}: STALLED at ${count}/${PAGES}`);
        break;
      }
    }
    const enqueueCode = await enqueueExit;
    if (enqueueCode !== 0) notes.push(`enqueue exited ${enqueueCode}: ${tail(enqueueLog, 5)}`);
    const reports = sampler.stop();
    const loadAfter = load();
    const records = await fetches.find({}, { projection: { durationMs: 1, finishedAt: 1, outcome: 1, error: 1, stage: 1 } }).toArray();
    // Throughput counts stored pages up to the last one stored: a page that fails and is retried
    // with backoff would otherwise stretch the wall time with idle waiting.
    const finishedOf = (r: (typeof records)[number]) => (r.finishedAt instanceof Date ? r.finishedAt.getTime() : 0);
    const t1 = Math.max(t0 + 1, ...records.filter((r) => r.outcome === 'stored').map(finishedOf));
    const tAll = Math.max(t0 + 1, ...records.map(finishedOf));
    const wallSeconds = (t1 - t0) / 1000;
    if (tAll - t1 > 1000) notes.push(`last outcome (not stored) came ${((tAll - t1) / 1000).toFixed(1)} s after the last stored page`);
    const durations = records.map((r) => r.durationMs as number).filter((d) => typeof d === 'number').sort((a, b) => a - b);
    const outcomes: Record<string, number> = {};
    for (const record of records) outcomes[String(record.outcome)] = (outcomes[String(record.outcome)] ?? 0) + 1;
    if ((outcomes.stored ?? 0) < records.length) {
      notes.push(`not every page was stored: ${JSON.stringify(outcomes)}`);
      const errors = new Map<string, number>();
      for (const record of records) {
        if (record.outcome === 'stored') continue;
        const key = `${String(record.outcome)} at ${String(record.stage)}: ${String(record.error ?? '').replace(/\[[^\]]*\] /g, '').slice(0, 300)}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
      for (const [key, n] of [...errors].sort((a, b) => b[1] - a[1]).slice(0, 5)) notes.push(`${n} × ${key}`);
    }
    try {
      const summary = JSON.parse(enqueueOut.trim().split('\n').pop() ?? '{}') as { accepted?: number; skipped?: number };
      notes.push(`enqueue CLI: ${summary.accepted} accepted, ${summary.skipped} skipped, finished ${((enqueueDoneAt - t0) / 1000).toFixed(1)} s after start`);
    } catch {
      notes.push(`enqueue output: ${enqueueOut.slice(0, 200)}`);
    }
    notes.push(redisCommandsPerPage(await statsRedis.info('commandstats'), records.length));
    notes.push(redisTrafficPerPage(await statsRedis.info('stats'), records.length));
    await statsRedis.quit();
    // PostgreSQL backends send their counters at most once a second.
    await sleep(1500);
    notes.push(pgActivityPerPage(pgBefore, services.pgActivity(), records.length));
    const storage = await mongoStorage(db, services, dbName, outcomes.stored ?? 0);
    const summary = summarizeProcesses(reports, records.length);
    const phases = phasesOf(progress, sampler.groupSeries, records.length);
    for (const worker of workers) {
      if (worker.heap.length === 0) continue;
      const at = (i: number) => worker.heap[Math.min(worker.heap.length - 1, Math.max(0, i))]!;
      const points = [at(0), at(Math.floor(worker.heap.length / 2)), at(worker.heap.length - 1)];
      notes.push(`${worker.label} V8 heap used / external / RSS (MB) at ${points.map((p) => `${p.pages} pages: ${p.heapUsedMB}/${p.externalMB}/${p.rssMB}`).join('; ')}`);
    }
    return {
      name: variant.name, system: 'newsflow', description: variant.description, processes: workers.length, pages: PAGES,
      completed: records.length, stored: outcomes.stored ?? 0, outcomes, wallSeconds: round(wallSeconds, 1),
      pagesPerSecond: round((outcomes.stored ?? 0) / wallSeconds, 2),
      latencyMs: { p50: percentile(durations, 50), p90: percentile(durations, 90), p99: percentile(durations, 99), max: durations.at(-1) ?? null },
      ...summary, phases, storage, loadBefore, loadAfter, notes,
    };
  } finally {
    await Promise.all(workers.map((worker) => stopChild(worker.child)));
    if (!args.keep) {
      await db.dropDatabase().catch((error: unknown) => say(`could not drop ${dbName}: ${String(error)}`));
      await deletePrefix(services.redisUrl, prefix);
    }
    await mongo.close();
    if (args['cpu-prof']) printProfiles(path.join(profDir, variant.name));
  }
}

/** What the pipeline asked of Redis per page: the cost the Redis CPU column is made of. */
function redisCommandsPerPage(commandstats: string, pages: number): string {
  const calls = [...commandstats.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)].map((m) => ({ command: m[1]!, calls: Number(m[2]), usec: Number(m[3]) }));
  const total = calls.reduce((sum, c) => sum + c.calls, 0);
  const per = (n: number) => round(n / Math.max(1, pages), 2);
  // Time inside EVALSHA includes the commands its script runs, which are also counted on their own.
  const byTime = [...calls].sort((a, b) => b.usec - a.usec).slice(0, 12);
  return `Redis commands per page: ${per(total)}; by time in command (µs per page, calls per page): ${byTime.map((c) => `${c.command} ${per(c.usec)} µs/${per(c.calls)}`).join(', ')}`;
}

/**
 * How the commands reached Redis: each read Redis does is one batch of commands a client wrote, and
 * each batch costs a loopback round of syscalls on both sides, whatever it holds.
 */
function redisTrafficPerPage(stats: string, pages: number): string {
  const stat = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(stats)?.[1] ?? NaN);
  const per = (n: number) => round(n / Math.max(1, pages), 2);
  return `Redis traffic per page: ${per(stat('total_reads_processed'))} reads (client write batches), ${per(stat('total_writes_processed'))} writes, ${per(stat('total_net_input_bytes') / 1024)} KB in, ${per(stat('total_net_output_bytes') / 1024)} KB out`;
}

/** What FerretDB asked of PostgreSQL per page: transactions and rows touched. */
function pgActivityPerPage(before: PgActivity, after: PgActivity, pages: number): string {
  const per = (key: keyof PgActivity) => round((after[key] - before[key]) / Math.max(1, pages), 2);
  return `PostgreSQL per page (FerretDB's database): ${per('transactions')} transactions, rows inserted ${per('rowsInserted')}, updated ${per('rowsUpdated')}, deleted ${per('rowsDeleted')}, fetched ${per('rowsFetched')}, returned ${per('rowsReturned')}`;
}

async function mongoStorage(db: import('mongodb').Db, services: BenchServices, dbName: string, stored: number): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  try {
    const stats = await db.command({ dbStats: 1 });
    out.dbStats = { dataSize: stats.dataSize, storageSize: stats.storageSize, indexSize: stats.indexSize, totalSize: stats.totalSize, objects: stats.objects };
  } catch (error) {
    out.dbStatsError = String(error);
  }
  const collections: Record<string, unknown> = {};
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    try {
      const stats = await db.command({ collStats: name });
      collections[name] = { count: stats.count, size: stats.size, storageSize: stats.storageSize, totalIndexSize: stats.totalIndexSize, totalSize: stats.totalSize };
    } catch (error) {
      collections[name] = { error: String(error) };
    }
  }
  out.collStats = collections;
  try {
    const pg = services.pgSchemaBytes(dbName);
    out.postgres = { schema: dbName, totalBytes: pg.total, tables: pg.tables };
    out.postgresBytesPerStoredDoc = stored > 0 ? Math.round(pg.total / stored) : null;
  } catch (error) {
    out.postgresError = String(error);
  }
  const articles = collections.articles as { totalSize?: number; storageSize?: number; size?: number } | undefined;
  if (stored > 0 && articles) out.articlesBytesPerDoc = Math.round((articles.totalSize ?? articles.storageSize ?? articles.size ?? 0) / stored);
  return out;
}

function printProfiles(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.cpuprofile')) continue;
    const file = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    process.stdout.write(`\n== CPU profile ${file}\n${summarize(JSON.parse(readFileSync(file, 'utf8')), 25, true)}`);
  }
}

// ---------- crawlee ----------

async function runCrawlee(site: { pid: number }, urlsFile: string, services: BenchServices): Promise<VariantResult> {
  const storageDir = path.join(tmp, 'crawlee-storage');
  const outFile = path.join(tmp, 'crawlee-result.json');
  const log = path.join(tmp, 'crawlee.log');
  const sampler = new ProcessSampler(1000, SAMPLE_MS);
  sampler.track('site server', 'site', site.pid, false);
  services.track(sampler); // idle during this run; shows the baseline of the private services
  const nodeArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profDir, 'crawlee')}`] : [];
  say(`crawlee: starting; load ${load()}`);
  sampler.start();
  let loadBefore = load();
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(ROOT, 'bench/pipeline/crawlee-run.ts'), urlsFile, String(CONCURRENCY), outFile], {
    cwd: ROOT,
    env: { ...process.env, CRAWLEE_STORAGE_DIR: storageDir, CRAWLEE_PURGE_ON_START: 'true' },
    stdio: ['ignore', 'pipe', openSync(log, 'a')],
  });
  sampler.track('crawlee (CheerioCrawler)', 'crawlee', child.pid!);
  // The CPU clock starts when the crawler is built and about to run, as for newsflow after start-up.
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.trim() === 'READY') {
      sampler.mark();
      loadBefore = load();
    }
  });
  const code = await waitExit(child);
  const reports = sampler.stop();
  const loadAfter = load();
  if (code !== 0 || !existsSync(outFile)) throw new Error(`crawlee exited ${code}:\n${tail(log)}`);
  const result = JSON.parse(readFileSync(outFile, 'utf8')) as { startedAt: number; finishedAt: number; latencies: number[]; failed: number; stats: Record<string, unknown> };
  const latencies = result.latencies.sort((a, b) => a - b);
  const wallSeconds = (result.finishedAt - result.startedAt) / 1000;
  const dataset = dirBytes(path.join(storageDir, 'datasets'));
  const queue = dirBytes(path.join(storageDir, 'request_queues'));
  const summary = summarizeProcesses(reports, latencies.length);
  const notes = [
    'Crawlee CPU is counted from the moment its crawler is built (after module loading), like newsflow workers after start-up; peak RSS is VmHWM',
    `request queue on disk: ${queue.files} files, ${(queue.bytes / 1048576).toFixed(1)} MB`,
  ];
  if (args['cpu-prof']) printProfiles(path.join(profDir, 'crawlee'));
  if (!args.keep) rmSync(storageDir, { recursive: true, force: true });
  return {
    name: 'crawlee', system: 'crawlee', description: `Crawlee ${crawleeVersion()} CheerioCrawler, min=max concurrency ${CONCURRENCY}`, processes: 1, pages: PAGES,
    completed: latencies.length + result.failed, stored: latencies.length, outcomes: { stored: latencies.length, failed: result.failed },
    wallSeconds: round(wallSeconds, 1), pagesPerSecond: round(latencies.length / wallSeconds, 2),
    latencyMs: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: latencies.at(-1) ?? null },
    ...summary,
    storage: { datasetFiles: dataset.files, datasetBytes: dataset.bytes, bytesPerItem: latencies.length > 0 ? Math.round(dataset.bytes / latencies.length) : null },
    loadBefore, loadAfter, notes,
  };
}

function crawleeVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/crawlee/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

// ---------- Redis backlog ----------

async function measureBacklog(services: BenchServices, origin: string): Promise<Record<string, unknown>> {
  const prefix = `nfb-${runId}-backlog`;
  const dbName = `nfb_${runId}_backlog`;
  const file = path.join(tmp, 'backlog-urls.txt');
  writeFileSync(file, `${pageUrls(SEED, BACKLOG, origin).join('\n')}\n`);
  const redis = new Redis(services.redisUrl);
  const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
  const before = await usedMemory();
  const keysBefore = await redis.dbsize();
  say(`backlog: enqueueing ${BACKLOG} URLs with no workers; load ${load()}`);
  const t0 = Date.now();
  const env = newsflowEnv(services, prefix, dbName);
  const child = spawnLogged('enqueue', [...cliCommand(), 'enqueue', '--file', file, '--json'], env, path.join(tmp, 'backlog-enqueue.log'), 'pipe');
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  const code = await waitExit(child);
  const seconds = (Date.now() - t0) / 1000;
  const after = await usedMemory();
  const keysAfter = await redis.dbsize();
  const waitLen = await redis.llen(`${prefix}:fetch:wait`).catch(() => null);
  const sampleKeys = (await redis.scan('0', 'MATCH', `${prefix}:fetch:*`, 'COUNT', 200))[1].slice(0, 200);
  const perKind: Record<string, { count: number; bytes: number }> = {};
  for (const key of sampleKeys) {
    const kind = key.includes(':de:') ? 'dedup key' : /:fetch:(wait|events|meta|id|prioritized|marker|pc)$/.test(key) ? 'queue structure' : 'job hash';
    const bytes = Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
    perKind[kind] = { count: (perKind[kind]?.count ?? 0) + 1, bytes: (perKind[kind]?.bytes ?? 0) + bytes };
  }
  const deleted = await deletePrefix(services.redisUrl, prefix);
  const cleaned = await usedMemory();
  await redis.quit();
  const mongo = await MongoClient.connect(`${services.mongoBase}/${dbName}`);
  await mongo.db().dropDatabase().catch(() => undefined);
  await mongo.close();
  rmSync(file, { force: true });
  return {
    urls: BACKLOG, enqueueExit: code, enqueueSummary: out.trim().slice(0, 200), enqueueSeconds: round(seconds, 1), enqueuePerSecond: round(BACKLOG / seconds, 0),
    usedMemoryBefore: before, usedMemoryAfter: after, bytesPerQueuedUrl: Math.round((after - before) / BACKLOG),
    keysAdded: keysAfter - keysBefore, waitListLength: waitLen,
    sampledKeyBytes: Object.fromEntries(Object.entries(perKind).map(([kind, { count, bytes }]) => [kind, { sampled: count, avgBytes: Math.round(bytes / count) }])),
    keysDeleted: deleted, usedMemoryAfterCleanup: cleaned,
  };
}

// ---------- printing ----------

function table(headers: string[], rows: (string | number | null)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => (cell === null ? '–' : String(cell))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

function render(results: VariantResult[], backlog: Record<string, unknown> | null): string {
  let out = `\n## newsflow pipeline benchmark — ${PAGES} pages, concurrency ${CONCURRENCY}, runner ${args.runner}${PIPELINE_ROOT !== ROOT ? ` (pipeline at ${PIPELINE_ROOT})` : ''}, ${os.cpus().length} CPUs, node ${process.version}\n\n`;
  out += table(
    ['variant', 'procs', 'done', 'stored', 'wall s', 'stored pages/s', 'p50 ms', 'p90 ms', 'p99 ms', 'CPU ms/page (counted)', 'load before → after'],
    results.map((r) => [r.name, r.processes, r.completed, r.stored, r.wallSeconds, r.pagesPerSecond, r.latencyMs.p50, r.latencyMs.p90, r.latencyMs.p99, r.cpuMsPerPageTotal, `${r.loadBefore} → ${r.loadAfter}`]),
  );
  out += '\n\nCPU by process group (ms per page; "counted" = crawler processes + Redis + FerretDB + its PostgreSQL backends; site server and shared PostgreSQL background processes are shown, not counted)\n\n';
  const groups = [...new Set(results.flatMap((r) => r.cpu.map((c) => c.group)))];
  out += table(['variant', ...groups], results.map((r) => [r.name, ...groups.map((g) => r.cpu.find((c) => c.group === g)?.msPerPage ?? null)]));
  out += '\n\nPer process: CPU seconds, peak RSS (VmHWM / sampled VmRSS) and sampled RSS first / middle / last (MB)\n\n';
  out += table(['variant', 'process', 'CPU s', 'peak RSS MB', 'RSS first', 'RSS middle', 'RSS last'],
    results.flatMap((r) => r.processesReport.map((p) => [r.name, p.name, p.cpuSeconds, p.peakRssMB, p.rssFirstMB, p.rssMiddleMB, p.rssLastMB])));
  const nf = results.find((r) => r.name === 'all1');
  const cr = results.find((r) => r.name === 'crawlee');
  if (nf && cr) {
    const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : round(a / b, 2));
    const nfWorkerRss = Math.max(...nf.processesReport.filter((p) => p.group === 'newsflow').map((p) => p.peakRssMB));
    const crRss = Math.max(...cr.processesReport.filter((p) => p.group === 'crawlee').map((p) => p.peakRssMB));
    const nfClientCpu = nf.cpu.filter((c) => c.group === 'newsflow' || c.group === 'newsflow-enqueue').reduce((s, c) => s + c.msPerPage, 0);
    const crCpu = cr.cpu.find((c) => c.group === 'crawlee')?.msPerPage ?? null;
    out += '\n\nnewsflow (1 × worker all) / Crawlee\n\n';
    out += table(['metric', 'newsflow', 'Crawlee', 'ratio'], [
      ['pages/s', nf.pagesPerSecond, cr.pagesPerSecond, ratio(nf.pagesPerSecond, cr.pagesPerSecond)],
      ['p50 latency ms', nf.latencyMs.p50, cr.latencyMs.p50, ratio(nf.latencyMs.p50, cr.latencyMs.p50)],
      ['p99 latency ms', nf.latencyMs.p99, cr.latencyMs.p99, ratio(nf.latencyMs.p99, cr.latencyMs.p99)],
      ['CPU ms/page, crawler process(es)', round(nfClientCpu, 2), crCpu, ratio(nfClientCpu, crCpu)],
      ['CPU ms/page, incl. Redis+FerretDB+PostgreSQL', nf.cpuMsPerPageTotal, cr.cpuMsPerPageTotal, ratio(nf.cpuMsPerPageTotal, cr.cpuMsPerPageTotal)],
      ['peak RSS MB, crawler process', nfWorkerRss, crRss, ratio(nfWorkerRss, crRss)],
    ]);
  }
  const scale = results.filter((r) => ['all1', 'scale2', 'scale4'].includes(r.name));
  if (scale.length > 1) {
    out += '\n\nScale-out: `worker all` processes on this machine (each with fetch concurrency ' + CONCURRENCY + ')\n\n';
    const base = scale[0]!.pagesPerSecond;
    // Each process count against Crawlee of the same run: one process is not the only way to run newsflow on a machine.
    const crawlee = results.find((r) => r.name === 'crawlee');
    const versusCrawlee = (r: (typeof scale)[number]) => (crawlee && crawlee.pagesPerSecond > 0 ? round(r.pagesPerSecond / crawlee.pagesPerSecond, 2) : null);
    out += table(['processes', 'pages/s', 'speed-up', 'pages/s ÷ Crawlee', 'CPU ms/page (counted)', 'load before → after'], scale.map((r) => [r.processes, r.pagesPerSecond, round(r.pagesPerSecond / base, 2), versusCrawlee(r), r.cpuMsPerPageTotal, `${r.loadBefore} → ${r.loadAfter}`]));
  }
  const phased = results.filter((r) => r.phases && r.phases.length > 0);
  if (phased.length > 0) {
    out += '\n\nOver the run (thirds by pages done): pages/s and CPU ms/page by group — does the cost per page grow with the database?\n\n';
    const phaseGroups = [...new Set(phased.flatMap((r) => r.phases!.flatMap((p) => Object.keys(p.cpuMsPerPage))))].filter((g) => g !== 'postgres-shared');
    out += table(['variant', 'pages', 'seconds', 'pages/s', ...phaseGroups.map((g) => `${g} ms/page`)],
      phased.flatMap((r) => r.phases!.map((p) => [r.name, `${p.fromPage}–${p.toPage}`, p.seconds, p.pagesPerSecond, ...phaseGroups.map((g) => p.cpuMsPerPage[g] ?? null)])));
  }
  out += '\n\nStorage\n\n';
  for (const r of results) {
    const s = r.storage as Record<string, unknown> | undefined;
    if (!s) continue;
    if (r.system === 'crawlee') out += `- ${r.name}: dataset on disk ${s.datasetFiles} files, ${s.bytesPerItem} bytes per item\n`;
    else {
      const pg = s.postgres as { totalBytes: number; tables: { name: string; bytes: number; heapBytes: number; toastBytes: number; indexBytes: number }[] } | undefined;
      out += `- ${r.name}: ${r.stored} stored; PostgreSQL bytes behind FerretDB (pg_total_relation_size of schema ${String((s.postgres as { schema?: string } | undefined)?.schema)}): ${pg?.totalBytes ?? '?'} = ${s.postgresBytesPerStoredDoc ?? '?'} bytes per stored document` +
        ` (${(pg?.tables ?? []).slice(0, 6).map((t) => `${t.name.replace(/_[0-9a-f]{8}$/, '')} ${(t.bytes / 1048576).toFixed(1)} MB [heap ${(t.heapBytes / 1048576).toFixed(1)}, toast ${(t.toastBytes / 1048576).toFixed(1)}, indexes ${(t.indexBytes / 1048576).toFixed(1)}]`).join(', ')}); FerretDB collStats articles totalSize per doc: ${s.articlesBytesPerDoc ?? '?'}\n`;
    }
  }
  if (backlog) {
    out += `\nRedis backlog: ${backlog.urls} URLs enqueued (no workers) in ${backlog.enqueueSeconds} s (${backlog.enqueuePerSecond}/s): used_memory +${backlog.usedMemoryAfter as number - (backlog.usedMemoryBefore as number)} bytes = ${backlog.bytesPerQueuedUrl} bytes per queued URL; keys +${backlog.keysAdded}; sampled MEMORY USAGE ${JSON.stringify(backlog.sampledKeyBytes)}; cleaned up ${backlog.keysDeleted} keys\n`;
  }
  for (const r of results) for (const note of r.notes) out += `\nnote (${r.name}): ${note}`;
  return `${out}\n`;
}

// ---------- main ----------

async function startSite(pages: number): Promise<{ child: ChildProcess; origin: string; pid: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/site/server.ts'), '--pages', String(pages), '--seed', String(SEED), '--compression', args['site-compression']], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`site server exited ${code}`)));
  });
  const info = JSON.parse(line) as { origin: string };
  return { child, origin: info.origin, pid: child.pid! };
}

async function main(): Promise<void> {
  say(`run ${runId}: ${PAGES} pages (site compression ${args['site-compression']}), concurrency ${CONCURRENCY}, variants ${variants.join(',')}, tmp ${tmp}; load ${load()}`);
  const site = await startSite(PAGES);
  const services = await startBenchServices(path.join(tmp, 'services'), runId, path.join(ROOT, '.services/bin/ferretdb'));
  say(`site ${site.origin}; redis ${services.redisUrl}; ferretdb ${services.mongoBase} on PostgreSQL database ${services.pgDatabase}`);
  const urlsFile = path.join(tmp, 'urls.txt');
  writeFileSync(urlsFile, `${pageUrls(SEED, PAGES, site.origin).join('\n')}\n`);
  const results: VariantResult[] = [];
  let backlog: Record<string, unknown> | null = null;
  const cleanup = async () => {
    await stopChild(site.child, 5_000);
    await services.stop();
    if (!args.keep) rmSync(tmp, { recursive: true, force: true });
  };
  process.once('SIGINT', () => { void cleanup().then(() => process.exit(130)); });
  try {
    for (const name of variants) {
      try {
        const result = name === 'crawlee' ? await runCrawlee(site, urlsFile, services) : await runNewsflow(NEWSFLOW_VARIANTS[name], services, site, urlsFile);
        results.push(result);
        // Partial results survive an interrupted run: the table so far goes to stderr, JSON to <json>.partial.
        process.stderr.write(render(results, null));
        if (args.json) writeFileSync(`${args.json}.partial`, `${JSON.stringify({ runId, pages: PAGES, concurrency: CONCURRENCY, results }, null, 2)}\n`);
        say(`${name}: ${result.pagesPerSecond} pages/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ${result.cpuMsPerPageTotal} CPU ms/page; load ${load()}`);
      } catch (error) {
        say(`${name} FAILED: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (BACKLOG > 0) {
      try {
        backlog = await measureBacklog(services, site.origin);
      } catch (error) {
        say(`backlog measurement FAILED: ${String(error)}`);
      }
    }
  } finally {
    await cleanup();
  }
  process.stdout.write(render(results, backlog));
  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify({ runId, date: new Date().toISOString(), pages: PAGES, siteCompression: args['site-compression'], concurrency: CONCURRENCY, runner: args.runner, cpus: os.cpus().length, node: process.version, results, backlog }, null, 2)}\n`);
    // The complete results replace the partial ones written after each variant.
    rmSync(`${args.json}.partial`, { force: true });
    say(`results written to ${args.json}`);
  }
}

await main();
