import { buildArticleDocument, type ArticleDocument } from './document.js';
import { fingerprintText } from './dedup/document.js';
import { resolveProvenance } from './discovery/provenance.js';
import type { ExtractedArticle } from './extract/types.js';
import { searchTerms } from './search-terms.js';
import type { SourceProfile } from './sources/schema.js';
import { urlKey } from './url/canonicalize.js';

export interface ArticleContext {
  url: string;
  canonicalUrl: string;
  finalUrl: string;
  pageId: string;
  sourceId: string | null;
  httpStatus: number;
  contentType: string;
  fetchedAt: Date;
  fetchJobId: string;
}

/** Pure: an extraction plus what is known of its fetch → the normalized document (store and reparse share it). */
export function articleDocumentFor(article: ExtractedArticle, context: ArticleContext, sources: readonly SourceProfile[]): ArticleDocument {
  const fingerprints = fingerprintText(article.bodyText, article.language ? { language: article.language } : {});
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
    terms: searchTerms(article.title, article.bodyText),
    provenance: resolveProvenance(article.credits, sources),
  });
}
