import type { Credit, ExtractedArticle, ImageRef, LinkRef, PageType } from './extract/types.js';

/** Bumped when the shape of stored documents changes; `newsflow reparse` rewrites old ones. */
export const SCHEMA_VERSION = 1;

export interface AliasRef {
  url: string;
  urlKey: string;
  /** Why this URL is the same story: the same page under another URL, or an exact copy elsewhere. */
  reason: 'same-page' | 'exact-copy';
  seenAt: Date;
}

/** One version of an article's text (the last entry of `revisions` is the current one). */
export type { FingerprintHistoryEntry as RevisionRef } from './dedup/decide.js';
import type { FingerprintHistoryEntry } from './dedup/decide.js';

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
  aliases: AliasRef[];
  aliasKeys: string[];
  revisionCount: number;
  revisions: FingerprintHistoryEntry[];
  /** The fetch job that last wrote the content: a retried store job recognises its own write. */
  fetchJobId: string;
  /** Normalized distinct words of title and body: a portable search index (no text index needed). */
  terms: string[];
  /** Optimistic-concurrency counter for read-modify-write updates (FerretDB has no transactions). */
  version: number;
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
  sameSiteAliases: { url: string; urlKey: string }[];
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
    aliases: input.sameSiteAliases.map((alias) => ({ ...alias, reason: 'same-page' as const, seenAt: input.fetchedAt })),
    aliasKeys: input.sameSiteAliases.map((alias) => alias.urlKey),
    revisionCount: 0,
    revisions: [{ fingerprint: input.contentFingerprint, simhash: input.simhash, seenAt: input.fetchedAt }],
    fetchJobId: input.fetchJobId,
    terms: input.terms,
    version: 0,
  };
}

/** The fields a new revision of the same URL replaces. */
export const CONTENT_FIELDS = [
  'title', 'lead', 'bodyText', 'bodyHtml', 'language', 'authors', 'credits', 'provenance', 'creditDomains',
  'publishedAt', 'modifiedAt', 'siteName', 'section', 'tags', 'images', 'relatedLinks', 'outlinks', 'pageType',
  'wordCount', 'fetchedAt', 'httpStatus', 'contentType', 'contentFingerprint', 'simhash', 'minhash', 'terms', 'finalUrl', 'pageId',
  'schemaVersion',
] as const satisfies readonly (keyof ArticleDocument)[];
