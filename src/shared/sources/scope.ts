/**
 * Which URLs a source crawls, and in what order. Priorities are BullMQ job priorities: lower runs
 * sooner, so articles are fetched before the listing pages that merely lead to more articles.
 */
import { compilePattern } from './schema.js';
import type { SourceProfile } from './schema.js';

/** File types that are never pages: fetching them wastes the site's bandwidth and ours. */
const ASSET_EXTENSIONS = new Set([
  // images
  'jpg', 'jpeg', 'png', 'gif', 'webp', 'avif', 'svg', 'ico', 'bmp', 'tif', 'tiff', 'heic',
  // documents and archives
  'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'rtf', 'zip', 'rar', '7z', 'gz', 'tar', 'exe', 'dmg', 'apk',
  // code, styles, fonts
  'js', 'mjs', 'css', 'map', 'json', 'woff', 'woff2', 'ttf', 'otf', 'eot',
  // media
  'mp3', 'mp4', 'm4a', 'm4v', 'webm', 'ogg', 'ogv', 'wav', 'avi', 'mov', 'flv', 'mkv', 'm3u8',
]);

function toUrl(url: string | URL): URL | undefined {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** An http(s) URL that may be an HTML page (not an image, PDF, script, stylesheet, font, media file). */
export function isCrawlableUrl(url: string | URL): boolean {
  const parsed = toUrl(url);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return false;
  const lastSegment = parsed.pathname.slice(parsed.pathname.lastIndexOf('/') + 1);
  const dot = lastSegment.lastIndexOf('.');
  return dot === -1 || !ASSET_EXTENSIONS.has(lastSegment.slice(dot + 1).toLowerCase());
}

// Compiled once per profile object; profiles are immutable after loading.
const compiledPatterns = new WeakMap<SourceProfile, { include: RegExp[]; exclude: RegExp[] }>();

function patternsOf(profile: SourceProfile): { include: RegExp[]; exclude: RegExp[] } {
  let patterns = compiledPatterns.get(profile);
  if (!patterns) {
    patterns = { include: profile.include.map(compilePattern), exclude: profile.exclude.map(compilePattern) };
    compiledPatterns.set(profile, patterns);
  }
  return patterns;
}

/** The host as allowedHosts spells it: lower-case, with the port only when it is not the default. */
function hostOf(url: URL): string {
  return url.host.toLowerCase();
}

/**
 * In scope: an http(s) URL on one of the allowed hosts that matches at least one `include`
 * pattern (when there are any) and no `exclude` pattern. Start URLs are always in scope — the
 * patterns filter what is discovered from them.
 */
export function isInScope(profile: SourceProfile, url: string | URL): boolean {
  const parsed = toUrl(url);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return false;
  if (!profile.allowedHosts.includes(hostOf(parsed))) return false;
  const href = parsed.href;
  if (profile.startUrls.includes(href)) return true;
  const { include, exclude } = patternsOf(profile);
  if (include.length > 0 && !include.some((pattern) => pattern.test(href))) return false;
  return !exclude.some((pattern) => pattern.test(href));
}

/** The profile a URL belongs to: the first whose scope admits it, else the first that allows its host. */
export function sourceForUrl(profiles: readonly SourceProfile[], url: string | URL): SourceProfile | undefined {
  const parsed = toUrl(url);
  if (!parsed) return undefined;
  return (
    profiles.find((profile) => isInScope(profile, parsed)) ??
    profiles.find((profile) => profile.allowedHosts.includes(hostOf(parsed)))
  );
}

/** BullMQ priorities used for discovered links (1 is the highest BullMQ priority). */
export const LINK_PRIORITY = {
  /** Strong article signals: a date in the path, a long slug, a numeric id, `.html`. */
  article: 1,
  /** One weak article signal. */
  likelyArticle: 3,
  /** Nothing recognisable either way. */
  unknown: 5,
  /** Listing, tag, author, category, archive, search, pagination, home. */
  listing: 10,
} as const;

/** Path segments of listing-like pages, in the languages newsflow's sources use (en, ru, kk, tr). */
const LISTING_SEGMENTS = new Set([
  'tag', 'tags', 'topic', 'topics', 'author', 'authors', 'category', 'categories', 'section', 'sections',
  'archive', 'archives', 'search', 'page', 'pages', 'feed', 'rss', 'login', 'register',
  'rubric', 'rubrika', 'rubriki', 'teg', 'tegi', 'avtor', 'avtory', 'kategoriya', 'arhiv', 'arkhiv', 'poisk',
  'etiket', 'yazar', 'yazarlar', 'kategori', 'arsiv', 'arama', 'sayfa', 'konu',
  'тег', 'теги', 'автор', 'рубрика', 'категория', 'архив', 'поиск', 'тақырып', 'мұрағат',
]);

const PAGINATION_PARAMS = ['page', 'p', 'paged', 'offset', 'start', 'PAGEN_1', 'sayfa'];

/**
 * Priority of a discovered link from its shape alone (no fetch): article-looking URLs first,
 * listings last. Heuristic by design; it only orders the queue, scope decides what is fetched.
 */
export function linkPriority(url: string | URL): number {
  const parsed = toUrl(url);
  if (!parsed) return LINK_PRIORITY.unknown;
  const segments = parsed.pathname
    .split('/')
    .filter(Boolean)
    .map((segment) => safeDecode(segment).toLowerCase());

  if (segments.length === 0) return LINK_PRIORITY.listing;
  if (segments.some((segment) => LISTING_SEGMENTS.has(segment))) return LINK_PRIORITY.listing;
  if (PAGINATION_PARAMS.some((name) => /^\d+$/.test(parsed.searchParams.get(name) ?? ''))) return LINK_PRIORITY.listing;

  const last = segments[segments.length - 1]!;
  const path = segments.join('/');
  let signals = 0;
  if (/(?:^|\/)(?:19|20)\d{2}\/(?:0?[1-9]|1[0-2])(?:\/|$)/.test(path) || /(?:19|20)\d{2}-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01])/.test(path)) signals += 2;
  if (/\.s?html?$|\.php$|\.aspx?$/.test(last) && last.length > 6) signals += 1;
  if (/\d{5,}/.test(last) || /^\d{4,}$/.test(last)) signals += 1;
  const words = last.replace(/\.\w+$/, '').split(/[-_]+/).filter((word) => /\p{L}/u.test(word));
  if (words.length >= 4 || last.length >= 40) signals += 2;
  else if (words.length === 3) signals += 1;

  if (signals >= 2) return LINK_PRIORITY.article;
  if (signals === 1) return LINK_PRIORITY.likelyArticle;
  // A single short segment ("/news", "/ru/events") is a section front.
  return segments.length <= 2 && last.length < 20 ? LINK_PRIORITY.listing : LINK_PRIORITY.unknown;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
