import type { Credit, ExtractedArticle, ImageRef, LinkRef, PageType } from './extract/types.js';

/** Bumped when the shape of stored documents changes; `newsflow reparse` rewrites old ones. */
export const SCHEMA_VERSION = 1;

/**
 * Another URL under which a stored story was seen (collection `aliases`, `_id` = that URL's key).
 * Aliases live in their own collection because an insert guarded by a unique `_id` is the only
 * write that is atomic on every MongoDB-protocol server (FerretDB applies updates as
 * read-modify-write, so two workers pushing to one array can lose an entry).
 */
export interface AliasRecord {
  _id: string;
  articleId: string;
  url: string;
  /** Why this URL is the same story: the same page under another URL, or an exact copy elsewhere. */
  reason: 'same-page' | 'exact-copy';
  seenAt: Date;
}

/**
 * One version of an article's text (collection `revisions`, `_id` = `<articleId>:<n>`). Revision
 * numbers are claimed by inserting their `_id`, so two workers that see a change at once cannot
 * both record revision n: the loser re-reads and either finds its text already recorded or takes n+1.
 */
export interface RevisionRecord {
  _id: string;
  articleId: string;
  n: number;
  fingerprint: string;
  simhash: string;
  seenAt: Date;
  fetchJobId: string;
}

export interface ProvenanceRef extends Credit {
  /** Registrable domain of the credited URL. */
  domain?: string;
  /** Id of the configured source the credit points at. */
  sourceId?: string;
}

/** A normalized article as stored in the `articles` collection (field names are a contract). */
export interface ArticleDocument {
  /** The canonical URL key (see `urlKey`). */
  _id: string;
  schemaVersion: number;
  url: string;
  canonicalUrl: string;
  finalUrl: string;
  /** `_id` of the raw response in `pages`, for re-parsing without refetching. */
  pageId: string;
  /** Host of the canonical URL without a leading `www.`; `--source` filters on it. */
  source: string;
  sourceId: string | null;
  title: string | null;
  lead: string | null;
  bodyText: string;
  bodyHtml: string;
  language: string | null;
  authors: string[];
  credits: Credit[];
  provenance: ProvenanceRef[];
  /** Registrable domains the article credits (flat, so every MongoDB-protocol server can index it). */
  creditDomains: string[];
  publishedAt: Date | null;
  modifiedAt: Date | null;
  siteName: string | null;
  section: string | null;
  tags: string[];
  images: ImageRef[];
  relatedLinks: LinkRef[];
  outlinks: LinkRef[];
  pageType: PageType;
  wordCount: number;
  fetchedAt: Date;
  firstSeenAt: Date;
  lastSeenAt: Date;
  httpStatus: number;
  contentType: string;
  contentFingerprint: string;
  simhash: string;
  /** 128-bin MinHash signature (base64url): the near-duplicate signal, indexed by LSH bands. */
  minhash: string;
  clusterId: string;
  /** Number of the current revision (0 = the text first stored); history in `revisions`. */
  revisionCount: number;
  /** The fetch job that last wrote the content: a retried store job recognises its own write. */
  fetchJobId: string;
  /** Normalized distinct words of title and body: a portable search index (no text index needed). */
  terms: string[];
}

export interface DocumentInput {
  article: ExtractedArticle;
  url: string;
  canonicalUrl: string;
  urlKey: string;
  finalUrl: string;
  pageId: string;
  sourceId: string | null;
  httpStatus: number;
  contentType: string;
  fetchedAt: Date;
  contentFingerprint: string;
  simhash: string;
  minhash: string;
  fetchJobId: string;
  terms: string[];
  provenance: ProvenanceRef[];
}

export function sourceOf(canonicalUrl: string): string {
  return new URL(canonicalUrl).hostname.replace(/^www\./, '');
}

function toDate(iso: string | null): Date | null {
  if (iso === null) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Pure: the document a freshly extracted article becomes. */
export function buildArticleDocument(input: DocumentInput): ArticleDocument {
  const { article } = input;
  return {
    _id: input.urlKey,
    schemaVersion: SCHEMA_VERSION,
    url: input.url,
    canonicalUrl: input.canonicalUrl,
    finalUrl: input.finalUrl,
    pageId: input.pageId,
    source: sourceOf(input.canonicalUrl),
    sourceId: input.sourceId,
    title: article.title,
    lead: article.lead,
    bodyText: article.bodyText,
    bodyHtml: article.bodyHtml,
    language: article.language,
    authors: article.authors,
    credits: article.credits,
    provenance: input.provenance,
    creditDomains: [...new Set(input.provenance.flatMap((ref) => (ref.domain ? [ref.domain] : [])))],
    publishedAt: toDate(article.publishedAt),
    modifiedAt: toDate(article.modifiedAt),
    siteName: article.siteName,
    section: article.section,
    tags: article.tags,
    images: article.images,
    relatedLinks: article.relatedLinks,
    outlinks: article.outlinks,
    pageType: article.pageType,
    wordCount: article.bodyText.split(/\s+/u).filter((word) => word.length > 0).length,
    fetchedAt: input.fetchedAt,
    firstSeenAt: input.fetchedAt,
    lastSeenAt: input.fetchedAt,
    httpStatus: input.httpStatus,
    contentType: input.contentType,
    contentFingerprint: input.contentFingerprint,
    simhash: input.simhash,
    minhash: input.minhash,
    clusterId: input.urlKey,
    revisionCount: 0,
    fetchJobId: input.fetchJobId,
    terms: input.terms,
  };
}

/** The fields a new revision of the same URL replaces. */
export const CONTENT_FIELDS = [
  'title', 'lead', 'bodyText', 'bodyHtml', 'language', 'authors', 'credits', 'provenance', 'creditDomains',
  'publishedAt', 'modifiedAt', 'siteName', 'section', 'tags', 'images', 'relatedLinks', 'outlinks', 'pageType',
  'wordCount', 'fetchedAt', 'httpStatus', 'contentType', 'contentFingerprint', 'simhash', 'minhash', 'terms', 'finalUrl', 'pageId',
  'schemaVersion',
] as const satisfies readonly (keyof ArticleDocument)[];
