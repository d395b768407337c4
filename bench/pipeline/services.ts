/**
 * The benchmark's own Redis and FerretDB instances on 127.0.0.1 (FerretDB on its own PostgreSQL
 * database in the local cluster), so their CPU and memory are attributable to the run and do not
 * include other engineers' tests, which share the default services. Configured like the shared
 * ones: Redis with AOF (everysec) and noeviction; FerretDB 1.24 on PostgreSQL.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { cmdline, findPids, type ProcessSampler } from './proc.js';

export interface BenchServices {
  redisUrl: string;
  /** mongodb://127.0.0.1:PORT (no database). */
  mongoBase: string;
  redisPid: number;
  ferretPid: number;
  pgDatabase: string;
  /** Adds Redis, FerretDB and the PostgreSQL backends serving FerretDB to a sampler. */
  track(sampler: ProcessSampler): void;
  /** PostgreSQL bytes (tables + indexes + TOAST) of the schema FerretDB made for a Mongo database. */
  pgSchemaBytes(mongoDb: string): { total: number; tables: { name: string; bytes: number; heapBytes: number; toastBytes: number; indexBytes: number }[] };
  /** Cumulative statement-level counters of FerretDB's PostgreSQL database (pg_stat_database). */
  pgActivity(): PgActivity;
  stop(): Promise<void>;
}

export interface PgActivity { transactions: number; rowsInserted: number; rowsUpdated: number; rowsDeleted: number; rowsFetched: number; rowsReturned: number }

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// FerretDB's Go garbage collector: see scripts/services.sh (GOGC) for why it runs less often.
const FERRETDB_GOGC = '400';
const FERRETDB_DATABASE_SQL = fileURLToPath(new URL('../../scripts/ferretdb-database.sql', import.meta.url));

const psql = (args: string[], db = 'postgres') =>
  execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-tAq', ...args], { encoding: 'utf8' });

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function startBenchServices(dir: string, runId: string, ferretBin: string): Promise<BenchServices> {
  mkdirSync(dir, { recursive: true });
  const children: ChildProcess[] = [];
  const redisPort = await freePort();
  const redis = spawn('redis-server', [
    '--port', String(redisPort), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes',
    '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', '--protected-mode', 'yes',
  ], { stdio: ['ignore', openSync(path.join(dir, 'redis.log'), 'a'), openSync(path.join(dir, 'redis.log'), 'a')] });
  children.push(redis);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  await waitFor('redis', async () => {
    const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } finally {
      client.disconnect();
    }
  });

  const pgDatabase = `nfbench_${runId}`;
  psql(['-c', `CREATE DATABASE ${pgDatabase}`]);
  // As scripts/services.sh does, before FerretDB opens its connections: custom plans, lz4 TOAST.
  psql(['-f', FERRETDB_DATABASE_SQL], pgDatabase);
  const ferretPort = await freePort();
  if (!existsSync(ferretBin)) throw new Error(`FerretDB binary not found at ${ferretBin} (bash scripts/services.sh up builds it)`);
  const ferret = spawn(ferretBin, [
    // At most 20 PostgreSQL connections: the cluster (max_connections 100) is shared with other
    // engineers' test FerretDBs, and an unbounded pool ran it out of connections once.
    '--handler=postgresql', `--postgresql-url=postgres://postgres@127.0.0.1:5432/${pgDatabase}?pool_max_conns=20`,
    `--listen-addr=127.0.0.1:${ferretPort}`, `--state-dir=${dir}`, '--debug-addr=127.0.0.1:0',
    '--telemetry=disable', '--log-level=warn', '--log-format=json',
  ], {
    env: { ...process.env, GOGC: process.env.GOGC ?? FERRETDB_GOGC },
    stdio: ['ignore', openSync(path.join(dir, 'ferretdb.log'), 'a'), openSync(path.join(dir, 'ferretdb.log'), 'a')],
  });
  children.push(ferret);
  const mongoBase = `mongodb://127.0.0.1:${ferretPort}`;
  await waitFor('ferretdb', async () => {
    const client = await MongoClient.connect(`${mongoBase}/admin`, { serverSelectionTimeoutMS: 1000 });
    try {
      await client.db('admin').command({ ping: 1 });
      return true;
    } finally {
      await client.close();
    }
  });
  const backendPids = () => findPids((cmd) => cmd.startsWith('postgres: ') && cmd.includes(` ${pgDatabase} `));

  return {
    redisUrl,
    mongoBase,
    redisPid: redis.pid!,
    ferretPid: ferret.pid!,
    pgDatabase,
    track(sampler) {
      sampler.track('redis-server', 'redis', redis.pid!, false);
      sampler.track('ferretdb', 'ferretdb', ferret.pid!, false);
      sampler.trackDynamic('postgres', (pid) => `postgres backend ${pid}`, backendPids);
      // WAL writer, checkpointer, background writer: shared with every other database of the
      // cluster, reported apart and never added to a run's total.
      sampler.trackDynamic('postgres-shared', (pid) => cmdline(pid).replace(/^postgres: [^:]+: /, 'postgres '), () =>
        findPids((cmd) => /^postgres: \S+: (walwriter|checkpointer|background writer)/.test(cmd)));
    },
    pgSchemaBytes(mongoDb) {
      const rows = psql(['-F', '\t', '-c',
        `select c.relname, pg_total_relation_size(c.oid), pg_relation_size(c.oid),
                coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0), pg_indexes_size(c.oid)
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = '${mongoDb.replace(/'/g, "''")}' and c.relkind = 'r' order by 2 desc`], pgDatabase)
        .trim().split('\n').filter(Boolean).map((line) => {
          const [name, bytes, heap, toast, indexes] = line.split('\t');
          return { name: name!, bytes: Number(bytes), heapBytes: Number(heap), toastBytes: Number(toast), indexBytes: Number(indexes) };
        });
      return { total: rows.reduce((sum, row) => sum + row.bytes, 0), tables: rows };
    },
    pgActivity() {
      // The statistics collector reports with a delay; a snapshot of the current transaction's view is enough for per-page averages.
      const [transactions, inserted, updated, deleted, fetched, returned] = psql(['-F', '\t', '-c',
        `select xact_commit + xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_fetched, tup_returned
         from pg_stat_database where datname = '${pgDatabase}'`], pgDatabase).trim().split('\t').map(Number);
      return { transactions: transactions!, rowsInserted: inserted!, rowsUpdated: updated!, rowsDeleted: deleted!, rowsFetched: fetched!, rowsReturned: returned! };
    },
    async stop() {
      for (const child of children.reverse()) {
        if (child.exitCode !== null) continue;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      try {
        psql(['-c', `DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`]);
      } catch (error) {
        process.stderr.write(`bench: could not drop PostgreSQL database ${pgDatabase}: ${String(error)}\n`);
      }
    },
  };
}
