import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFerretDbGinIndexes } from '../../bench/lib/ferretdb-gin.js';
import { bandKeys } from '../../src/shared/dedup/bands.js';
import { encodeSignature, MINHASH_BINS } from '../../src/shared/dedup/minhash.js';
import {
  ensureNearDuplicateIndexes,
  findNearDuplicateCandidates,
  insertIgnoringDuplicates,
  isFerretDb,
  nearDuplicateEntries,
  NEAR_DUPLICATE_COLLECTION,
  type BandEntry,
} from '../../src/shared/dedup/near-duplicate-index.js';

const MONGODB_URL = process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/newsflow';
const POSTGRES_URL = process.env.NEWSFLOW_FERRETDB_POSTGRESQL_URL ?? 'postgres://postgres@127.0.0.1:5432/ferretdb';

function psql(sql: string): string {
  const run = spawnSync('psql', [POSTGRES_URL, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`psql: ${run.stderr}`);
  return run.stdout.trim();
}

function signature(seed: number): string {
  const values = new Uint16Array(MINHASH_BINS);
  for (let i = 0; i < values.length; i++) values[i] = (seed * 7919 + i * 104729) % 65536;
  return encodeSignature(values);
}

const client = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 10_000 });
const onFerretDb = await client.connect().then(() => isFerretDb(client), () => false);
const hasPsql = spawnSync('psql', ['--version']).status === 0;

describe.skipIf(!onFerretDb || !hasPsql)('scripts/ferretdb-gin-indexes.sql on FerretDB', () => {
  let db: Db;
  const dbName = `newsflow_test_gin_${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    db = client.db(dbName);
    await ensureNearDuplicateIndexes(db);
  });

  async function fill(from: number, to: number): Promise<void> {
    const entries = Array.from({ length: to - from }, (_, i) => nearDuplicateEntries(`doc${from + i}`, signature(from + i))).flat();
    await insertIgnoringDuplicates(db.collection<BandEntry>(NEAR_DUPLICATE_COLLECTION), entries);
  }

  afterAll(async () => {
    await db?.dropDatabase();
    await client.close();
  });

  it('turns the pushed-down band-key lookup from a table scan into an index scan, idempotently — also as the table grows afterwards', async () => {
    await fill(0, 3000);
    const table = psql(`select _jsonb->>'table' from "${dbName}"._ferretdb_database_metadata where _jsonb->>'_id' = '${NEAR_DUPLICATE_COLLECTION}'`);
    const key = bandKeys(signature(42))[0]!;
    // The exact shape FerretDB 1.24 sends for find({ keys: key }).
    const explain = () => psql(`explain select _jsonb from "${dbName}"."${table}" where _jsonb->'keys' @> '${JSON.stringify(key)}'`);
    expect(explain()).toMatch(/Seq Scan/);

    expect(applyFerretDbGinIndexes(POSTGRES_URL, dbName)).toEqual({ ok: true });
    expect(applyFerretDbGinIndexes(POSTGRES_URL, dbName)).toEqual({ ok: true });

    expect(explain()).toMatch(/Bitmap Index Scan on \S+_gin/);
    const ginIndexes = psql(`select count(*) from pg_indexes where schemaname = '${dbName}' and indexname like '%\\_gin'`);
    expect(Number(ginIndexes)).toBe(2); // _id and keys

    // Same answers through the driver as before.
    expect(await findNearDuplicateCandidates(db, signature(42))).toEqual(['doc42']);

    // Run once at start-up, before a crawl fills the collection: no statistics refresh needed.
    await db.collection(NEAR_DUPLICATE_COLLECTION).deleteMany({});
    expect(applyFerretDbGinIndexes(POSTGRES_URL, dbName)).toEqual({ ok: true });
    await fill(3000, 6000);
    expect(explain()).toMatch(/Bitmap Index Scan on \S+_gin/);
    expect(await findNearDuplicateCandidates(db, signature(4242))).toEqual(['doc4242']);
  });

  it("sets FerretDB's database to plan each query for its field and to compress TOAST with lz4", () => {
    expect(applyFerretDbGinIndexes(POSTGRES_URL, dbName)).toEqual({ ok: true });
    const settings = psql(`select array_to_string(setconfig, ',') from pg_db_role_setting s join pg_database d on d.oid = s.setdatabase where d.datname = current_database() and s.setrole = 0`);
    expect(settings.split(',')).toEqual(expect.arrayContaining(['plan_cache_mode=force_custom_plan', 'default_toast_compression=lz4']));
  });
});
