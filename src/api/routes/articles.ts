import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import type { ArticleDocument } from '../../shared/document.js';
import { parseArticleQuery, toMongoQuery } from '../../shared/query/article-query.js';
import { articlesCollection } from '../../shared/store/articles.js';
import { loadArticleDetails } from '../../shared/store/article-details.js';
import { HttpError } from '../errors.js';

/** A page of the API is smaller than one of the CLI: it is rendered by a browser. */
export const API_MAX_LIMIT = 200;
/** Names the API takes besides the article query (the access token is checked by the auth hook). */
const NOT_QUERY = new Set(['token']);
/**
 * Bookkeeping (the search `terms`, the MinHash signature, a `version` counter of older documents)
 * never leaves the server; the list also leaves out the heavy `bodyHtml`.
 */
const BOOKKEEPING = ['terms', 'minhash', 'version'] as const;
const LIST_PROJECTION = { terms: 0, minhash: 0, version: 0, bodyHtml: 0 } as const;
const ARTICLE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** The document as the API shows it: `id` instead of `_id`. */
export function articleJson(doc: Partial<ArticleDocument>): Record<string, unknown> {
  const { _id, ...fields } = doc;
  return { id: _id, ...fields };
}

function withoutBookkeeping(doc: Partial<ArticleDocument>): Partial<ArticleDocument> {
  const shown: Record<string, unknown> = { ...doc };
  for (const field of BOOKKEEPING) delete shown[field];
  return shown as Partial<ArticleDocument>;
}

function articleQueryFrom(raw: Record<string, string>) {
  const query = parseArticleQuery(Object.fromEntries(Object.entries(raw).filter(([name]) => !NOT_QUERY.has(name))));
  if (query.limit > API_MAX_LIMIT) throw new HttpError(400, `limit: must be at most ${API_MAX_LIMIT}`);
  return query;
}

export function registerArticleRoutes(app: FastifyInstance, db: () => Promise<Db>): void {
  app.get('/api/articles', async (request) => {
    const query = toMongoQuery(articleQueryFrom(request.query as Record<string, string>));
    const articles = articlesCollection(await db());
    const [total, items] = await Promise.all([
      articles.countDocuments(query.filter),
      articles.find(query.filter, { projection: LIST_PROJECTION }).sort(query.sort).skip(query.skip).limit(query.limit).toArray(),
    ]);
    return { total, items: items.map(articleJson) };
  });

  app.get<{ Params: { id: string } }>('/api/articles/:id', async (request) => {
    const { id } = request.params;
    if (!ARTICLE_ID.test(id)) throw new HttpError(404, `no article with id ${JSON.stringify(id.slice(0, 130))}`);
    // The same details as `newsflow query --id`: aliases, revisions, cluster members, linked provenance.
    const details = await loadArticleDetails(await db(), id);
    if (!details) throw new HttpError(404, `no article with id ${id}`);
    const { article, ...related } = details;
    return { ...articleJson(withoutBookkeeping(article)), ...related };
  });
}
