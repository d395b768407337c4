/**
 * Which URL an article is stored under. A page may declare its canonical URL (rel=canonical, else
 * og:url), but a declaration is only evidence when the site vouches for itself: a page may not
 * claim a URL on somebody else's registrable domain (scrapers and mirrors copy the original's
 * tags; spammers point canonicals at victims). Otherwise the URL we actually ended up at after
 * redirects wins.
 */
import { canonicalizeUrl, InvalidUrlError, tryCanonicalizeUrl } from './canonicalize.js';
import { sameSite } from './site.js';

export interface CanonicalEvidence {
  /** The URL we were asked to fetch. */
  requestedUrl: string;
  /** The URL after following redirects; falls back to `requestedUrl` when absent or invalid. */
  finalUrl?: string | null;
  /** `<link rel="canonical" href>`, possibly relative to the final URL. */
  declaredCanonical?: string | null;
  /** `<meta property="og:url" content>`, possibly relative to the final URL. */
  ogUrl?: string | null;
}

export interface CanonicalChoice {
  canonicalUrl: string;
  /** The other distinct canonicalised URLs seen for this page (requested, final, declared), same-site declarations), in that order. */
  aliases: string[];
}

/** @throws InvalidUrlError when neither the final nor the requested URL is a valid http(s) URL. */
export function chooseCanonical(evidence: CanonicalEvidence): CanonicalChoice {
  const requested = tryCanonicalizeUrl(evidence.requestedUrl);
  const final = evidence.finalUrl ? tryCanonicalizeUrl(evidence.finalUrl) : requested;
  const base = final.ok ? final.url : requested.ok ? requested.url : null;
  if (base === null) {
    // Re-throw the requested URL's own error so the caller records why it was invalid.
    canonicalizeUrl(evidence.requestedUrl);
    throw new InvalidUrlError('malformed', 'no valid URL to choose a canonical from', evidence.requestedUrl);
  }

  const declared = [evidence.declaredCanonical, evidence.ogUrl]
    .map((candidate) => resolveDeclared(candidate, base))
    .filter((candidate): candidate is string => candidate !== null);
  const trusted = declared.find((candidate) => sameSite(candidate, base));
  const canonicalUrl = trusted ?? base;

  // Untrusted (cross-site) declarations are not aliases: recording them would let any page mark a
  // victim's URL as already seen.
  const sameSiteDeclared = declared.filter((candidate) => sameSite(candidate, base));
  const seen = [requested.ok ? requested.url : null, final.ok ? final.url : null, ...sameSiteDeclared];
  const aliases: string[] = [];
  for (const url of seen) {
    if (url !== null && url !== canonicalUrl && !aliases.includes(url)) aliases.push(url);
  }
  return { canonicalUrl, aliases };
}

function resolveDeclared(candidate: string | null | undefined, base: string): string | null {
  const trimmed = candidate?.trim();
  if (!trimmed) return null;
  let absolute: string;
  try {
    absolute = new URL(trimmed, base).href;
  } catch {
    return null;
  }
  const result = tryCanonicalizeUrl(absolute);
  return result.ok ? result.url : null;
}
