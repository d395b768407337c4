/**
 * Alternate renderings of one article — AMP and print views — that publishers serve under
 * different URLs. Only path and query forms are recognised: mapping `amp.example.com` to
 * `www.example.com` or `example.com` is a guess about the site's host layout and is not safe.
 */
import { canonicalizeUrl, InvalidUrlError } from './canonicalize.js';

/** Query parameters whose only job is to select an AMP or print rendering, with the values that do so. */
const VARIANT_QUERY_PARAMS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['amp', new Set(['', '1', 'true', 'yes'])],
  ['output', new Set(['amp'])],
  ['outputtype', new Set(['amp'])],
  ['print', new Set(['', '1', 'true', 'yes'])],
  ['view', new Set(['print', 'amp'])],
]);

/** Path segments that mark a variant when they are the first or the last segment. */
const VARIANT_SEGMENTS: ReadonlySet<string> = new Set(['amp', 'print']);

/**
 * Maps a typical AMP/print variant URL to its main URL, canonicalised; null when `url` is not a
 * recognised variant (or not a valid http(s) URL).
 *
 *   /news/story/amp/ → /news/story/     /amp/news/story → /news/story     /story.amp.html → /story.html
 *   /print/news/story → /news/story     ?amp=1, ?output=amp, ?print=1 → parameter removed
 */
export function variantBaseUrl(url: string): string | null {
  let canonical: string;
  try {
    canonical = canonicalizeUrl(url);
  } catch (error) {
    if (error instanceof InvalidUrlError) return null;
    throw error;
  }
  const parsed = new URL(canonical);
  const path = stripVariantPath(parsed.pathname);
  const query = stripVariantQuery(parsed.search);
  if (path === parsed.pathname && query === parsed.search) return null;
  return canonicalizeUrl(`${parsed.protocol}//${parsed.host}${path}${query}`);
}

function stripVariantPath(pathname: string): string {
  const trailingSlash = pathname.length > 1 && pathname.endsWith('/');
  const segments = pathname.split('/').filter((segment) => segment !== '');
  if (segments.length === 0) return pathname;

  const last = segments.at(-1)!.toLowerCase();
  // "/story.amp.html" → "/story.html"; "/story.amp" → "/story".
  if (last.endsWith('.amp.html') || last.endsWith('.amp.htm')) {
    segments[segments.length - 1] = segments.at(-1)!.replace(/\.amp(\.html?)$/i, '$1');
    return `/${segments.join('/')}${trailingSlash ? '/' : ''}`;
  }
  if (last.endsWith('.amp') && last.length > '.amp'.length) {
    segments[segments.length - 1] = segments.at(-1)!.slice(0, -'.amp'.length);
    return `/${segments.join('/')}${trailingSlash ? '/' : ''}`;
  }
  // A lone "/amp" or "/print" is a section page, not a variant of the home page.
  if (segments.length < 2) return pathname;
  if (VARIANT_SEGMENTS.has(last)) {
    return `/${segments.slice(0, -1).join('/')}${trailingSlash ? '/' : ''}`;
  }
  if (VARIANT_SEGMENTS.has(segments[0]!.toLowerCase())) {
    return `/${segments.slice(1).join('/')}${trailingSlash ? '/' : ''}`;
  }
  return pathname;
}

function stripVariantQuery(search: string): string {
  if (search === '') return search;
  const kept = search
    .slice(1)
    .split('&')
    .filter((piece) => {
      const eq = piece.indexOf('=');
      const key = (eq === -1 ? piece : piece.slice(0, eq)).toLowerCase();
      const value = (eq === -1 ? '' : piece.slice(eq + 1)).toLowerCase();
      return !VARIANT_QUERY_PARAMS.get(key)?.has(value);
    });
  return kept.length === 0 ? '' : `?${kept.join('&')}`;
}
