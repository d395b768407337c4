/**
 * The contract of newsflow's article extractor: what `extractArticle(html, url, hints?)` returns.
 * Field names are a public contract (CLI JSON output, stored documents): add, never rename.
 */

/** Per-site CSS selectors that override the generic heuristics (from a source profile). */
export interface ExtractionHints {
  /** Selector of the element holding the article body. */
  body?: string;
  title?: string;
  /** Selector of an element whose `datetime` attribute or text is the publication date. */
  date?: string;
  author?: string;
  /** Selectors removed before extraction (site-specific boilerplate). */
  remove?: string[];
  /**
   * IANA time zone of the source ("Asia/Almaty"), from its profile: the zone of shown dates and
   * times that state no offset ("10 қазан 2024, 12:40"). Dates with an explicit offset keep theirs.
   */
  timeZone?: string;
}

export interface Credit {
  /** What is credited: photo, video, source, text, editor, ... (lower-case English). */
  role: 'photo' | 'video' | 'source' | 'text' | 'editor' | 'illustration' | 'other';
  name?: string;
  /** Absolute URL when the credit names one. */
  url?: string;
}

export interface LinkRef {
  /** Absolute URL. */
  url: string;
  title: string;
}

export interface ImageRef {
  /** Absolute URL. */
  src: string;
  caption?: string;
  credit?: string;
  alt?: string;
}

export type PageType = 'article' | 'listing' | 'tag' | 'author' | 'home' | 'other';

export interface ExtractedArticle {
  title: string | null;
  lead: string | null;
  siteName: string | null;
  section: string | null;
  tags: string[];
  authors: string[];
  credits: Credit[];
  /** ISO-8601 UTC instant (`2024-10-10T09:00:00.000Z`) or null. */
  publishedAt: string | null;
  modifiedAt: string | null;
  /** ISO 639-1 code (tr, ru, kk, en, ...) or null when unknown. */
  language: string | null;
  /** Paragraphs separated by blank lines (`\n\n`), headings and list items on their own lines. */
  bodyText: string;
  /** Minimal sanitized HTML of the same content. */
  bodyHtml: string;
  canonicalUrl: string | null;
  ampUrl: string | null;
  images: ImageRef[];
  relatedLinks: LinkRef[];
  outlinks: LinkRef[];
  pageType: PageType;
  /** 0..1 confidence in `pageType`. */
  pageTypeConfidence: number;
}
