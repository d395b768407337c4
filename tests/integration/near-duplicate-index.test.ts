import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintText } from '../../src/shared/dedup/document.js';
import {
  ensureNearDuplicateIndexes,
  findNearDuplicateCandidates,
  indexNearDuplicate,
  isFerretDb,
  NEAR_DUPLICATE_COLLECTION,
} from '../../src/shared/dedup/near-duplicate-index.js';
import { decideDuplicate, type DuplicateCandidate } from '../../src/shared/dedup/decide.js';
import { bandKeys } from '../../src/shared/dedup/bands.js';

const MONGODB_URL = process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/newsflow';

const paragraph = (seed: number): string =>
  Array.from({ length: 80 }, (_, i) => `word${(seed * 7919 + i * 104729) % 5003}`).join(' ');
const ORIGINAL = [paragraph(1), paragraph(2), paragraph(3)].join('\n\n');
const EDITED = `Home › News. Share on Telegram.\n\n${ORIGINAL}\n\nFollow us on Telegram for breaking news.`;
const UNRELATED = [paragraph(10), paragraph(11), paragraph(12)].join('\n\n');

describe('near-duplicate index (MongoDB protocol)', () => {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    db = client.db(`newsflow_test_${randomBytes(6).toString('hex')}`);
    await ensureNearDuplicateIndexes(db);
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('creates the key index, idempotently', async () => {
    await ensureNearDuplicateIndexes(db);
    const indexes = await db.collection(NEAR_DUPLICATE_COLLECTION).indexes();
    expect(indexes.map((index) => index.key)).toContainEqual({ keys: 1 });
  });

  it('finds an edited copy and not an unrelated article, with both search strategies', async () => {
    const original = fingerprintText(ORIGINAL);
    const unrelated = fingerprintText(UNRELATED);
    await indexNearDuplicate(db, 'original', original.minhash);
    await indexNearDuplicate(db, 'unrelated', unrelated.minhash);

    const edited = fingerprintText(EDITED);
    for (const strategy of ['in', 'per-key'] as const) {
      expect(await findNearDuplicateCandidates(db, edited.minhash, { strategy })).toEqual(['original']);
    }
    expect(await findNearDuplicateCandidates(db, edited.minhash)).toEqual(['original']);

    const candidates: DuplicateCandidate[] = [{ id: 'original', ...original, firstSeenAt: new Date('2026-01-01') }];
    expect(decideDuplicate(edited, candidates)).toMatchObject({ kind: 'near', clusterId: 'original', representative: 'original' });
  });

  it('indexing the same article twice keeps one entry; a revised text replaces it', async () => {
    const { minhash } = fingerprintText(ORIGINAL);
    await indexNearDuplicate(db, 'twice', minhash);
    await indexNearDuplicate(db, 'twice', minhash);
    expect(await db.collection(NEAR_DUPLICATE_COLLECTION).countDocuments({ _id: 'twice' as never })).toBe(1);
    const revised = fingerprintText(UNRELATED).minhash;
    await indexNearDuplicate(db, 'twice', revised);
    const entry = await db.collection(NEAR_DUPLICATE_COLLECTION).findOne({ _id: 'twice' as never });
    expect(entry?.keys).toEqual(bandKeys(revised));
  });

  it('reports whether the server is FerretDB', async () => {
    expect(typeof (await isFerretDb(client))).toBe('boolean');
  });

  it('does not take a server it could not ask for MongoDB: the failure reaches the caller, every time', async () => {
    // Port 9 (discard) on loopback: nothing listens there.
    const away = new MongoClient('mongodb://127.0.0.1:9', { serverSelectionTimeoutMS: 300 });
    try {
      await expect(isFerretDb(away)).rejects.toThrow(/ECONNREFUSED|Server selection timed out/);
      // Asked again, not answered from a cached guess (the driver now says its topology is closed).
      await expect(isFerretDb(away)).rejects.toBeInstanceOf(Error);
    } finally {
      await away.close();
    }
  });
});
