import { z } from 'zod';
import { tokenize } from '../dedup/tokenize.js';

/**
 * The one definition of "which articles": used by `newsflow query`, `newsflow export` and the HTTP
 * API. Every value is validated into a plain string, number or date before it reaches MongoDB, so
 * no operator from user input (`{"$gt": ""}`) ever becomes part of a filter.
 */
/** `Date` rolls 2024-02-30 over to March 1st; a person who typed it made a mistake. */
function isRealDay(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const isoDate = z
  .string()
  .trim()
  .refine((value) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value)) && isRealDay(value), 'must be a date like 2024-10-10 or 2024-10-10T12:00:00Z')
  .transform((value) => new Date(value));

const plainText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const SORTS = ['published', '-published', 'fetched', '-fetched'] as const;

export const articleQuerySchema = z.strictObject({
  source: plainText(253).transform((value) => value.toLowerCase().replace(/^www\./, '')).optional(),
  lang: z.string().trim().regex(/^[a-z]{2,3}$/, 'must be a language code like tr, ru, kk, en').optional(),
  since: isoDate.optional(),
  until: isoDate.optional(),
  author: plainText(200).optional(),
  text: plainText(500).optional(),
  cluster: plainText(200).optional(),
  credits: plainText(253).transform((value) => value.toLowerCase().replace(/^www\./, '')).optional(),
  sourceId: plainText(100).optional(),
  sort: z.enum(SORTS, { error: `must be one of ${SORTS.join(', ')}` }).default('-published'),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000').default(20),
  skip: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be at least 0').max(1_000_000, 'must be at most 1000000').default(0),
});

export type ArticleQueryInput = z.input<typeof articleQuerySchema>;
export type ArticleQuery = z.output<typeof articleQuerySchema>;

export class QueryValidationError extends Error {
  override name = 'QueryValidationError';
}

export function parseArticleQuery(input: Record<string, unknown>): ArticleQuery {
  const result = articleQuerySchema.safeParse(input);
  if (!result.success) {
    throw new QueryValidationError(
      result.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; '),
    );
  }
  return result.data;
}

/** Pure: the MongoDB filter, sort and paging of a validated query (portable to FerretDB). */
export function toMongoQuery(query: ArticleQuery): { filter: Record<string, unknown>; sort: Record<string, 1 | -1>; skip: number; limit: number } {
  const filter: Record<string, unknown> = {};
  if (query.source !== undefined) filter.source = query.source;
  if (query.sourceId !== undefined) filter.sourceId = query.sourceId;
  if (query.lang !== undefined) filter.language = query.lang;
  if (query.author !== undefined) filter.authors = query.author;
  if (query.cluster !== undefined) filter.clusterId = query.cluster;
  if (query.credits !== undefined) filter.creditDomains = query.credits;
  if (query.since !== undefined || query.until !== undefined) {
    filter.publishedAt = {
      ...(query.since !== undefined ? { $gte: query.since } : {}),
      ...(query.until !== undefined ? { $lte: query.until } : {}),
    };
  }
  if (query.text !== undefined) {
    const words = [...new Set(tokenize(query.text))].filter((word) => word.length >= 2);
    if (words.length > 0) filter.terms = { $all: words };
  }
  const [field, direction] = query.sort.startsWith('-') ? [query.sort.slice(1), -1 as const] : [query.sort, 1 as const];
  const sortField = field === 'published' ? 'publishedAt' : 'fetchedAt';
  return { filter, sort: { [sortField]: direction, _id: 1 }, skip: query.skip, limit: query.limit };
}
