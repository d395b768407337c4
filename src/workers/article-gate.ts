import type { ExtractedArticle } from '../shared/extract/types.js';

/** Minimum confidence with which the extractor must call a page a non-article before we skip it. */
const NON_ARTICLE_CONFIDENCE = 0.6;

/** Pure: whether a parsed page becomes a stored document. */
export function isStorableArticle(article: ExtractedArticle): boolean {
  if (article.bodyText.trim().length === 0) return false;
  if (article.pageType !== 'article' && article.pageTypeConfidence >= NON_ARTICLE_CONFIDENCE) return false;
  return true;
}
