import { MongoServerError, type Collection } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { insertIgnoringDuplicates, nearDuplicateEntries, type BandEntry } from '../../src/shared/dedup/near-duplicate-index.js';
import { minhash } from '../../src/shared/dedup/minhash.js';

function collectionFailingWith(error: unknown): Collection<BandEntry> {
  return { insertMany: () => Promise.reject(error) } as unknown as Collection<BandEntry>;
}

describe('insertIgnoringDuplicates', () => {
  const entries = nearDuplicateEntries('doc-1', minhash('a b c d e f g'));

  it('ignores duplicate-key errors (E11000)', async () => {
    await expect(insertIgnoringDuplicates(collectionFailingWith(new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' })), entries)).resolves.toBeUndefined();
  });

  it('rethrows every other error', async () => {
    await expect(insertIgnoringDuplicates(collectionFailingWith(new MongoServerError({ code: 2, errmsg: 'bad value' })), entries)).rejects.toThrow('bad value');
    await expect(insertIgnoringDuplicates(collectionFailingWith(new Error('connection reset')), entries)).rejects.toThrow('connection reset');
  });

  it('builds one entry per article holding its 32 band keys', () => {
    expect(entries).toHaveLength(1);
    expect(entries[0]!._id).toBe('doc-1');
    expect(entries[0]!.keys).toHaveLength(32);
  });
});
