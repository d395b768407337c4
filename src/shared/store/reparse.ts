import { isDeepStrictEqual } from 'node:util';
import type { Db } from 'mongodb';
import { articleDocumentFor } from '../article-document.js';
import { CONTENT_FIELDS, type ArticleDocument } from '../document.js';
import { extractArticle } from '../extract/index.js';
import { decodeHtml } from '../fetch/charset.js';
import type { SourceProfile } from '../sources/schema.js';
import { extractionHintsFor } from '../sources/extraction-hints.js';
import { articlesCollection } from './articles.js';
import { loadPage } from './pages.js';
import { isDuplicateKey } from './duplicate-key.js';

export type ReparseResult =
  | { kind: 'updated'; changed: string[] }
  | { kind: 'unchanged' }
  | { kind: 'missing-page' }
  | { kind: 'conflict'; reason: string };

/** Fields whose change is bookkeeping, not news: not reported as "what changed". */
const QUIET_FIELDS = new Set(['terms', 'schemaVersion', 'fetchedAt', 'pageId']);

/** Stored values went through JSON (the queue) and BSON: compare them as JSON, where an absent and an undefined property are the same. */
function comparable(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

/**
 * Re-runs extraction on an article's stored raw page (no refetch) and updates the document in
 * place with a compare-and-set on `version`, so a concurrent store is never overwritten.
 */
export async function reparseArticle(db: Db, doc: ArticleDocument, sources: readonly SourceProfile[]): Promise<ReparseResult> {
  const page = await loadPage(db, doc.pageId);
  if (page === null) return { kind: 'missing-page' };
  const hints = extractionHintsFor(doc.sourceId ? sources.find((source) => source.id === doc.sourceId) : undefined);
  const article = extractArticle(decodeHtml(page.raw, page.encoding ? `${page.contentType}; charset=${page.encoding}` : page.contentType).html, page.finalUrl, hints ?? undefined);
  const fresh = articleDocumentFor(article, {
    url: doc.url,
    canonicalUrl: doc.canonicalUrl,
    finalUrl: page.finalUrl,
    pageId: page._id,
    sourceId: doc.sourceId,
    httpStatus: page.status,
    contentType: page.contentType,
    fetchedAt: doc.fetchedAt,
    fetchJobId: doc.fetchJobId,
  }, sources);
  const changed = CONTENT_FIELDS.filter((field) => !isDeepStrictEqual(comparable(fresh[field]), comparable(doc[field])));
  if (changed.length === 0) return { kind: 'unchanged' };
  const update = Object.fromEntries(changed.map((field) => [field, fresh[field]]));
  try {
    // Guarded by the revision it was read at: a store of newer text in between wins.
    const result = await articlesCollection(db).updateOne({ _id: doc._id, revisionCount: doc.revisionCount }, { $set: update });
    if (result.matchedCount === 0) return { kind: 'conflict', reason: 'the article changed while it was re-parsed' };
  } catch (error) {
    if (isDuplicateKey(error)) {
      return { kind: 'conflict', reason: 'the new text is exactly another stored article' };
    }
    throw error;
  }
  const visible = changed.filter((field) => !QUIET_FIELDS.has(field));
  return visible.length > 0 ? { kind: 'updated', changed: visible } : { kind: 'unchanged' };
}
