import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { MongoClient, type Db } from 'mongodb';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintText } from '../../src/shared/dedup/document.js';
import { bandKeys } from '../../src/shared/dedup/bands.js';
import { bandFilterShape, filterPositions } from '../../src/shared/dedup/band-filter.js';
import { ensureNearDuplicateIndexes, findNearDuplicateCandidates, indexNearDuplicate, insertIgnoringDuplicates, NEAR_DUPLICATE_COLLECTION } from '../../src/shared/dedup/near-duplicate-index.js';
import { createNearDuplicateFilter, type NearDuplicateFilter } from '../../src/shared/store/near-duplicate-filter.js';

const MONGODB_URL = process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/newsflow';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const paragraph = (seed: number): string => Array.from({ length: 80 }, (_, i) => `word${(seed * 7919 + i * 104729) % 5003}`).join(' ');
const text = (seed: number) => [paragraph(seed), paragraph(seed + 1), paragraph(seed + 2)].join('\n\n');
const ORIGINAL = text(1);
const EDITED = `Home › News. Share on Telegram.\n\n${ORIGINAL}\n\nFollow us on Telegram for breaking news.`;

describe('near-duplicate filter (Redis Bloom filter in front of the MongoDB index)', () => {
  let client: MongoClient;
  let db: Db;
  let redis: Redis;
  let prefix: string;
  const filters: NearDuplicateFilter[] = [];
  const bandFinds: number[] = [];

  const filterKey = (suffix: 'bits' | 'ready') => `${prefix}near-duplicate-filter:${bandFilterShape(1).bits}:${suffix}`;
  const newFilter = () => {
    const filter = createNearDuplicateFilter({ redis, db, keyPrefix: prefix, megabytes: 1, log: pino({ level: 'silent' }) });
    filters.push(filter);
    return filter;
  };
  /** Band-index queries the search sent to the server. */
  const countFinds = async (search: () => Promise<string[]>) => {
    const before = bandFinds.length;
    const found = await search();
    return { found, finds: bandFinds.length - before };
  };

  beforeAll(async () => {
    client = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 10_000, monitorCommands: true });
    client.on('commandStarted', (event) => {
      if (event.commandName === 'find' && event.command.find === NEAR_DUPLICATE_COLLECTION && event.command.filter?.keys !== undefined) bandFinds.push(1);
    });
    await client.connect();
    db = client.db(`newsflow_test_${randomBytes(6).toString('hex')}`);
    await ensureNearDuplicateIndexes(db);
    redis = new Redis(REDIS_URL);
    prefix = `nf-test-${randomBytes(4).toString('hex')}:`;
  });

  afterAll(async () => {
    for (const filter of filters) filter.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await db?.dropDatabase();
    await client?.close();
  });

  it('finds an edited copy, and asks MongoDB about almost none of the 32 keys of an unrelated article', async () => {
    const filter = newFilter();
    expect(await filter.rebuild()).toBe('ready');
    await indexNearDuplicate(db, 'original', fingerprintText(ORIGINAL).minhash, { filter });
    for (let seed = 10; seed < 40; seed += 3) await indexNearDuplicate(db, `other-${seed}`, fingerprintText(text(seed)).minhash, { filter });

    const edited = await countFinds(() => findNearDuplicateCandidates(db, fingerprintText(EDITED).minhash, { filter, strategy: 'per-key' }));
    expect(edited.found).toEqual(['original']);
    expect(edited.finds).toBeLessThan(32);
    const unrelated = await countFinds(() => findNearDuplicateCandidates(db, fingerprintText(text(100)).minhash, { filter, strategy: 'per-key' }));
    expect(unrelated.found).toEqual([]);
    expect(unrelated.finds).toBeLessThanOrEqual(2);
    const withoutFilter = await countFinds(() => findNearDuplicateCandidates(db, fingerprintText(text(100)).minhash, { strategy: 'per-key' }));
    expect(withoutFilter.finds).toBe(32);
  });

  it('is not trusted until rebuilt when entries were indexed without it, its bitmap is gone or Redis is another run', async () => {
    await db.collection(NEAR_DUPLICATE_COLLECTION).deleteMany({});
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    // Indexed while no filter ran: the filter knows nothing of it.
    await indexNearDuplicate(db, 'before-filter', fingerprintText(ORIGINAL).minhash);
    const filter = newFilter();
    const search = () => findNearDuplicateCandidates(db, fingerprintText(EDITED).minhash, { filter, strategy: 'per-key' });

    const untrusted = await countFinds(search);
    expect(untrusted).toEqual({ found: ['before-filter'], finds: 32 });
    expect(await filter.rebuild()).toBe('ready');
    const trusted = await countFinds(search);
    expect(trusted.found).toEqual(['before-filter']);
    expect(trusted.finds).toBeLessThan(32);

    // An evicted bitmap under a ready mark, recreated by another article's keys: every key is asked about again.
    const bitsKey = filterKey('bits');
    await redis.del(bitsKey);
    await filter.add(bandKeys(fingerprintText(text(300)).minhash));
    expect(await countFinds(search)).toEqual({ found: ['before-filter'], finds: 32 });
    expect(await filter.rebuild()).toBe('ready');
    const rebuilt = await countFinds(search);
    expect(rebuilt.found).toEqual(['before-filter']);
    expect(rebuilt.finds).toBeLessThan(32);

    // Marked ready on another Redis run (a restart may have lost the last writes): not trusted.
    await redis.set(filterKey('ready'), 'some-earlier-run');
    expect(await countFinds(search)).toEqual({ found: ['before-filter'], finds: 32 });
    expect(await filter.rebuild()).toBe('ready');
    expect((await countFinds(search)).finds).toBeLessThan(32);
  });

  it('rebuilds from an index of several write batches, and then rules out no key of any indexed article', async () => {
    await db.collection(NEAR_DUPLICATE_COLLECTION).deleteMany({});
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    // 130 articles: the rebuild writes them in three batches.
    const entries = Array.from({ length: 130 }, (_, i) => ({ _id: `bulk-${i}`, keys: bandKeys(fingerprintText(text(1_000 + i * 5)).minhash) }));
    await insertIgnoringDuplicates(db.collection(NEAR_DUPLICATE_COLLECTION), entries);
    const filter = newFilter();
    expect(await filter.rebuild()).toBe('ready');
    for (const entry of entries) expect(await filter.possible(entry.keys)).toEqual(entry.keys);
    const unrelated = bandKeys(fingerprintText(text(9_999)).minhash);
    expect((await filter.possible(unrelated)).length).toBeLessThanOrEqual(3);
  });

  it('writes the keys again when the connection dropped between the filter write and the insert', async () => {
    const filter = newFilter();
    const keys = bandKeys(fingerprintText(text(200)).minhash);
    const token = await filter.add(keys);
    const bitsKey = filterKey('bits');
    const [position] = filterPositions(keys[0]!, bandFilterShape(1));
    await redis.setbit(bitsKey, position!, 0);
    await filter.confirm(keys, token);
    expect(await redis.getbit(bitsKey, position!)).toBe(0);

    const closed = new Promise((resolve) => redis.once('close', resolve));
    redis.disconnect(true);
    await closed;
    await filter.confirm(keys, token);
    expect(await redis.getbit(bitsKey, position!)).toBe(1);
  });
});
