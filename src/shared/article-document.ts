import { buildArticleDocument, type ArticleDocument, type DocumentInput } from './document.js';
import { fingerprintTextWithTokens } from './dedup/document.js';
import { tokenize } from './dedup/tokenize.js';
import { resolveProvenance } from './discovery/provenance.js';
import type { ExtractedArticle } from './extract/types.js';
import { searchTermsOfWords } from './search-terms.js';
import type { SourceProfile } from './sources/schema.js';
import { urlKey } from './url/canonicalize.js';

/** What is known of a page's fetch; the rest of a document's input is computed from the extraction. */
export type ArticleContext = Pick<
  DocumentInput,
  'url' | 'canonicalUrl' | 'finalUrl' | 'pageId' | 'sourceId' | 'httpStatus' | 'contentType' | 'fetchedAt' | 'fetchJobId'
>;

/**
 * Ceiling on stored text: MongoDB documents are at most 16 MB, and no news article is anywhere
 * near this; beyond it the page is not an article we can store whole.
 */
export const MAX_STORED_TEXT_CHARS = 2_000_000;

export class ArticleTooLargeError extends Error {
  override name = 'ArticleTooLargeError';
}

/** Pure: an extraction plus what is known of its fetch → the normalized document (store and reparse share it). */
export function articleDocumentFor(article: ExtractedArticle, context: ArticleContext, sources: readonly SourceProfile[]): ArticleDocument {
  if (article.bodyText.length > MAX_STORED_TEXT_CHARS || article.bodyHtml.length > 2 * MAX_STORED_TEXT_CHARS) {
    throw new ArticleTooLargeError(`extracted body of ${article.bodyText.length} characters exceeds ${MAX_STORED_TEXT_CHARS}`);
  }
  // Without stop-word removal the fingerprint's words are exactly the body's search terms: tokenize once.
  const { fingerprints, tokens: bodyWords } = fingerprintTextWithTokens(article.bodyText, article.language ? { language: article.language } : {});
  return buildArticleDocument({
    article,
    url: context.url,
    canonicalUrl: context.canonicalUrl,
    urlKey: urlKey(context.canonicalUrl),
    finalUrl: context.finalUrl,
    pageId: context.pageId,
    sourceId: context.sourceId,
    httpStatus: context.httpStatus,
    contentType: context.contentType,
    fetchedAt: context.fetchedAt,
    contentFingerprint: fingerprints.fingerprint,
    simhash: fingerprints.simhash,
    minhash: fingerprints.minhash,
    fetchJobId: context.fetchJobId,
    terms: searchTermsOfWords([article.title ? tokenize(article.title) : [], bodyWords]),
    provenance: resolveProvenance(article.credits, sources),
  });
}
