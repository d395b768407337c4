import { describe, expect, it } from 'vitest';
import { parseArticleQuery, QueryValidationError, toMongoQuery } from '../../src/shared/query/article-query.js';

describe('article query', () => {
  it('turns filters into a portable MongoDB filter', () => {
    const query = toMongoQuery(parseArticleQuery({ source: 'www.Akorda.kz', lang: 'kk', since: '2024-10-01', until: '2024-10-31T23:59:59Z', limit: '50' }));
    expect(query.filter).toEqual({
      source: 'akorda.kz',
      language: 'kk',
      publishedAt: { $gte: new Date('2024-10-01'), $lte: new Date('2024-10-31T23:59:59Z') },
    });
    expect(query.sort).toEqual({ publishedAt: -1, _id: 1 });
    expect(query.limit).toBe(50);
  });

  it('searches text through the normalized term index (every word must match)', () => {
    const { filter } = toMongoQuery(parseArticleQuery({ text: 'Tokayev TÜRKMENİSTAN ziyareti' }));
    expect(filter.terms).toEqual({ $all: expect.arrayContaining(['tokayev', 'ziyareti']) });
  });

  it('filters by cluster, credits and author', () => {
    const { filter } = toMongoQuery(parseArticleQuery({ cluster: 'abc', credits: 'www.akorda.kz', author: 'Abdullah Yiğit' }));
    expect(filter).toEqual({ clusterId: 'abc', creditDomains: 'akorda.kz', authors: 'Abdullah Yiğit' });
  });

  it.each([
    [{ since: 'yesterday' }, /since: must be a date/],
    [{ limit: '0' }, /limit: must be at least 1/],
    [{ limit: '100000000' }, /limit: must be at most/],
    [{ lang: 'turkish' }, /lang:/],
    [{ sort: 'random' }, /sort: must be one of/],
    [{ source: { $gt: '' } }, /source:/],
    [{ author: ['a', 'b'] }, /author:/],
    [{ $where: 'sleep(1000)' }, /Unrecognized key|\$where/],
  ])('rejects %j with a clear message', (input, message) => {
    expect(() => parseArticleQuery(input as Record<string, unknown>)).toThrow(QueryValidationError);
    expect(() => parseArticleQuery(input as Record<string, unknown>)).toThrow(message);
  });

  it('never lets an operator-looking string become an operator', () => {
    const { filter } = toMongoQuery(parseArticleQuery({ source: '{"$gt":""}', author: '$ne' }));
    expect(filter).toEqual({ source: '{"$gt":""}', authors: '$ne' });
  });
});
