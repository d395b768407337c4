/**
 * Every link target of a page, for crawl discovery. A scan of `href` attributes rather than a
 * second DOM parse: discovery only needs URLs, and this is ~20× cheaper on a 150 KB page.
 * Pure; relative links resolve against `<base href>` (when http(s)) or the page URL.
 */
const ANCHOR_HREF = /<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
const BASE_HREF = /<base\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&#38;': '&', '&#x26;': '&', '&quot;': '"', '&#39;': "'", '&apos;': "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(?:amp|quot|apos|#38|#x26|#39);/gi, (entity) => ENTITIES[entity.toLowerCase()] ?? entity);
}

function resolveHttp(href: string, base: string): string | null {
  try {
    const url = new URL(decodeEntities(href.trim()), base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.href;
  } catch {
    // Not a URL (`javascript:`, malformed): nothing to discover.
    return null;
  }
}

export function pageLinks(html: string, pageUrl: string, limit = 5_000): string[] {
  const baseMatch = BASE_HREF.exec(html);
  const declaredBase = baseMatch ? resolveHttp(baseMatch[1] ?? baseMatch[2] ?? baseMatch[3] ?? '', pageUrl) : null;
  const base = declaredBase ?? pageUrl;
  const links = new Set<string>();
  for (const match of html.matchAll(ANCHOR_HREF)) {
    const url = resolveHttp(match[1] ?? match[2] ?? match[3] ?? '', base);
    if (url !== null) links.add(url);
    if (links.size >= limit) break;
  }
  return [...links];
}
