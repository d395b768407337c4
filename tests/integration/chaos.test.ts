import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/shared/config.js';
import { createPipelineQueues, closePipelineQueues, STAGES, type PipelineQueues } from '../../src/queues/index.js';
import { enqueueUrls } from '../../src/queues/fetch-queue.js';
import { canonicalizeUrl } from '../../src/shared/url/canonicalize.js';
import { COLLECTIONS, ensureIndexes } from '../../src/shared/store/collections.js';
import { ensureNearDuplicateIndexes } from '../../src/shared/dedup/near-duplicate-index.js';
import { applyFerretDbGinIndexes } from '../../bench/lib/ferretdb-gin.js';
import { serveArticleSite, type ArticleSite } from '../helpers/article-site.js';
import { freePort, OwnFerretDb, OwnRedis } from '../helpers/services.js';
import { killHard, spawnWorker, stderrTail } from '../helpers/worker-process.js';

/**
 * "Nothing accepted is lost, nothing is stored twice, and it keeps going": a crawl of a generated
 * site while workers are killed with SIGKILL and restarted, Redis is restarted (AOF), and the
 * MongoDB-protocol server is away for ~10 s. Redis and FerretDB here are each crawl's own, so
 * stopping them disturbs no other test. Two deployments: separate fetch, parse and store
 * processes (pages travel through every queue), and two `worker all` processes (each parses the
 * pages it fetched in place, so a kill lands between fetching and storing with no parse job).
 */
const PAGES = Number(process.env.NEWSFLOW_CHAOS_PAGES ?? 2_000);
/** A crawl with no new outcome for this long has stopped: say where it stands instead of waiting out the deadline. */
const STALL_MS = 4 * 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Deployment {
  title: string;
  pages: number;
  kills: number;
  /** Worker processes by name (also their log file's name), with the role each runs. */
  processes: Record<string, 'fetch' | 'parse' | 'store' | 'all'>;
  /** The process killed and restarted while the MongoDB-protocol server is down. */
  fetcher: string;
}

const DEPLOYMENTS: Deployment[] = [
  { title: 'separate fetch, parse and store processes', pages: PAGES, kills: 10, processes: { fetch: 'fetch', parse: 'parse', store: 'store' }, fetcher: 'fetch' },
  { title: 'two `worker all` processes parsing in place', pages: Math.ceil(PAGES / 4), kills: 6, processes: { 'all-1': 'all', 'all-2': 'all' }, fetcher: 'all-1' },
];

for (const { title, pages: PAGES, kills: KILLS, processes, fetcher } of DEPLOYMENTS) describe(`chaos: ${PAGES} pages through ${title} under faults`, () => {
  const ROLES = Object.keys(processes);
  let site: ArticleSite;
  let redis: OwnRedis;
  let ferret: OwnFerretDb;
  let env: Record<string, string>;
  let mongo: MongoClient;
  let db: Db;
  let queues: PipelineQueues;
  let producer: Redis;
  const workers = new Map<string, ChildProcess>();
  // The workers' own log lines, kept to show what they were doing if the crawl stops.
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'newsflow-chaos-logs-'));
  const faults: string[] = [];
  const startedAt = Date.now();
  const fault = (what: string) => faults.push(`${what} (${Math.round((Date.now() - startedAt) / 1000)} s)`);

  beforeAll(async () => {
    site = await serveArticleSite(PAGES);
    redis = new OwnRedis(await freePort());
    await redis.start();
    ferret = new OwnFerretDb(await freePort());
    await ferret.start();
    env = {
      REDIS_URL: redis.url,
      MONGODB_URL: `${ferret.url}/newsflow_chaos`,
      NEWSFLOW_QUEUE_PREFIX: 'chaos',
      NEWSFLOW_ALLOW_HOSTS: '127.0.0.1',
      NEWSFLOW_ROBOTS: 'off',
      NEWSFLOW_HOST_MIN_INTERVAL_MS: '0',
      NEWSFLOW_HOST_MAX_CONCURRENCY: '64',
      NEWSFLOW_LOCK_DURATION_MS: '4000',
      NEWSFLOW_ATTEMPTS: '12',
      NEWSFLOW_BACKOFF_MS: '250',
      NEWSFLOW_LOG_LEVEL: process.env.NEWSFLOW_TEST_WORKER_LOGS ? 'debug' : 'info',
      NEWSFLOW_SHUTDOWN_TIMEOUT_S: '2',
      // An attempt stuck across a fault is abandoned and retried well within the stall limit.
      NEWSFLOW_REQUEST_TIMEOUT_MS: '20000',
      NEWSFLOW_JOB_TIMEOUT_S: '60',
    };
    const config = loadConfig(env);
    producer = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    queues = createPipelineQueues({ connection: producer, prefix: config.queuePrefix, config });
    mongo = new MongoClient(config.mongoUrl, { serverSelectionTimeoutMS: 30_000 });
    await mongo.connect();
    db = mongo.db();
    // Deployed on FerretDB as the README says: its indexes plus the GIN indexes, so the store
    // stage's lookups do not slow down as the collections grow and the faults stay the variable.
    await ensureIndexes(db);
    await ensureNearDuplicateIndexes(db);
    expect(applyFerretDbGinIndexes(ferret.postgresUrl, db.databaseName)).toEqual({ ok: true });
  }, 120_000);

  afterAll(async () => {
    for (const role of workers.keys()) await kill(role);
    await closePipelineQueues(queues).catch(() => undefined);
    await producer?.quit().catch(() => undefined);
    await mongo?.close().catch(() => undefined);
    await ferret?.stop().catch(() => undefined);
    ferret?.dropDatabase();
    await redis?.stop().catch(() => undefined);
    await site?.close();
    rmSync(logDir, { recursive: true, force: true });
  }, 60_000);

  const logLines = (role: string): string[] => {
    const file = path.join(process.env.NEWSFLOW_TEST_WORKER_LOGS?.includes('/') ? process.env.NEWSFLOW_TEST_WORKER_LOGS : logDir, `${role}.log`);
    return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n') : [];
  };
  const killedByTest = new WeakSet<ChildProcess>();
  const unexpectedExits: string[] = [];
  const start = (role: string) => {
    const child = spawnWorker(processes[role]!, env, logDir, role);
    child.once('exit', (code, signal) => {
      if (killedByTest.has(child)) return;
      // A worker must ride out every fault here by itself; one that exits leaves its stage unserved.
      unexpectedExits.push(`${role} worker exited by itself (code ${code}, signal ${signal}) after ${Math.round((Date.now() - startedAt) / 1000)} s: ${stderrTail(child).trim() || logLines(role).slice(-5).join('\n') || '(no output)'}`);
    });
    workers.set(role, child);
  };
  const kill = async (role: string) => {
    const child = workers.get(role)!;
    killedByTest.add(child);
    await killHard(child);
  };
  const outcomes = () => db.collection(COLLECTIONS.fetches).countDocuments({});

  /** Where the crawl stands when it did not finish: what a person would look at first. */
  const describeUnfinished = async () => {
    const lines: string[] = [];
    for (const stage of STAGES) {
      const queue = queues[stage];
      lines.push(`${stage}: ${JSON.stringify(await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'))}`);
      for (const job of await queue.getJobs(['active', 'delayed', 'waiting', 'prioritized', 'failed'], 0, 4)) {
        const state = await job.getState();
        lines.push(`  ${state} ${String(job.id)} attempts ${job.attemptsMade} delay ${job.delay} ms reason ${job.failedReason ?? '-'}`);
      }
    }
    for (const job of await queues.store.getJobs(['active'], 0, 9)) {
      lines.push(`  store job ${String(job.id)} holds its lock: ${(await producer.exists(`${env.NEWSFLOW_QUEUE_PREFIX}:store:${String(job.id)}:lock`)) === 1}`);
    }
    for (const role of ROLES) {
      const logged = logLines(role);
      const notable = logged.filter((line) => !line.includes('"level":30') || line.includes('failed'));
      // The time of the last line tells a worker that stopped logging (frozen, or idle) from one still busy.
      lines.push(`${role} log: ${logged.length} lines; its last warnings and failures, then its last lines:`, ...[...notable.slice(-10), '…', ...logged.slice(-3)].map((line) => `  ${line.slice(0, 400)}`));
    }
    lines.push(`workers: ${JSON.stringify(Object.fromEntries(ROLES.map((role) => [role, { pid: workers.get(role)?.pid, exitCode: workers.get(role)?.exitCode }])))}`);
    lines.push(`bullmq workers seen by redis: ${JSON.stringify(await Promise.all(STAGES.map((stage) => queues[stage].getWorkersCount())))}`);
    return lines.join('\n');
  };

  it('stores every page exactly once, leaves no job failed or stuck, and records no duplicate aliases', async () => {
    for (const role of ROLES) start(role);
    const decisions = await enqueueUrls(queues.fetch, site.urls.map((url) => ({ url })), { trackingParams: [], recrawlWindowMs: 86_400_000 });
    expect(decisions.filter((decision) => decision.status === 'accepted')).toHaveLength(PAGES);

    // Faults, spread over the crawl.
    let random = 42;
    // The high bits: the low bits of this generator alternate, so `% 2` would pick the same process every time.
    const next = (n: number) => ((random = (random * 1_103_515_245 + 12_345) % 2 ** 31) >>> 16) % n;
    for (let killed = 0; killed < KILLS; killed += 1) {
      await sleep(1_500 + next(2_500));
      const role = ROLES[next(ROLES.length)]!;
      await kill(role);
      fault(`kill -9 ${role} after ${await outcomes().catch(() => -1)} outcomes`);
      start(role);
    }
    await redis.stop();
    fault('redis stopped');
    await sleep(2_000);
    await redis.start();
    fault('redis restarted');
    await sleep(3_000);
    await ferret.stop();
    fault('mongodb-protocol server stopped');
    await sleep(3_000);
    // A worker that (re)starts while the database is away must wait for it, not exit.
    await kill(fetcher);
    start(fetcher);
    fault(`kill -9 ${fetcher} and restart it while the mongodb-protocol server is down`);
    await sleep(7_000);
    await ferret.start();
    fault('mongodb-protocol server restarted');

    const deadline = Date.now() + 20 * 60_000;
    let done = 0;
    let lastReport = Date.now();
    let lastChange = Date.now();
    while (Date.now() < deadline && unexpectedExits.length === 0 && Date.now() - lastChange < STALL_MS) {
      const before = done;
      done = await outcomes().catch(() => done);
      if (done !== before) lastChange = Date.now();
      if (done >= PAGES) {
        const counts = await Promise.all(STAGES.map((stage) => queues[stage].getJobCounts('waiting', 'active', 'delayed', 'prioritized')));
        if (counts.every((count) => Object.values(count).every((value) => value === 0))) break;
      }
      if (Date.now() - lastReport >= 60_000) {
        lastReport = Date.now();
        fault(`${done} outcomes`);
      }
      await sleep(1_000);
    }
    // Attempts that hung and were abandoned at their deadline: tolerated, but worth seeing.
    // The log folder is removed afterwards, so the first few such lines (with the step each hung at) are printed.
    const abandonedLines = ROLES.map((role) => logLines(role).filter((line) => line.includes('did not finish within')));
    const abandoned = ROLES.map((role, index) => `${role} ${abandonedLines[index]!.length}`).join(', ');
    console.log(`chaos faults: ${faults.join('; ')}; outcomes ${done}/${PAGES}; attempts abandoned at their deadline: ${abandoned}`);
    const firstAbandoned = abandonedLines.flat().slice(0, 5);
    if (firstAbandoned.length > 0) console.log(`chaos: attempts abandoned at their deadline:\n${firstAbandoned.map((line) => `  ${line.slice(0, 500)}`).join('\n')}`);
    expect(unexpectedExits).toEqual([]);
    if (done < PAGES) console.log(`chaos: unfinished (no progress for a while, or past the deadline):\n${await describeUnfinished()}`);

    const articles = db.collection(COLLECTIONS.articles);
    expect(await articles.countDocuments({})).toBe(PAGES);
    const stored = await articles.find({}, { projection: { canonicalUrl: 1 } }).toArray();
    expect(new Set(stored.map((doc) => doc.canonicalUrl))).toEqual(new Set(site.urls.map((url) => canonicalizeUrl(url))));

    const records = await db.collection(COLLECTIONS.fetches).find({}, { projection: { outcome: 1, url: 1 } }).toArray();
    expect(records).toHaveLength(PAGES);
    expect(records.filter((record) => record.outcome !== 'stored')).toEqual([]);
    expect(new Set(records.map((record) => record.url)).size).toBe(PAGES);

    for (const stage of STAGES) {
      const counts = await queues[stage].getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
      expect({ stage, ...counts }).toMatchObject({ stage, waiting: 0, active: 0, delayed: 0, prioritized: 0, failed: 0 });
    }
    expect(await db.collection(COLLECTIONS.aliases).countDocuments({})).toBe(0);
    expect(await db.collection(COLLECTIONS.revisions).countDocuments({})).toBe(PAGES);
    // Each page was fetched at least once; a crash between fetching and acknowledging may refetch it, never store it twice.
    expect(site.urls.every((url) => (site.hits.get(new URL(url).pathname) ?? 0) >= 1)).toBe(true);
  }, 25 * 60_000);
});
