/**
 * URL canonicalisation: the first of the three deduplication levels.
 *
 * Two URLs that canonicalise to the same string are treated as the same resource: that string is
 * what we store, and `urlKey()` of it is the Mongo unique key and the BullMQ job id. The rules are
 * deliberately conservative: only transformations that cannot change which resource a
 * standards-following server returns (plus dropping well-known tracking parameters and fragments).
 * `www.` and the trailing slash are kept as given because plenty of servers serve different things
 * (or redirect loops) when they are changed; redirects reveal the true form instead.
 */
import { createHash } from 'node:crypto';

/** Why a URL was rejected. Stable identifiers; add, never rename. */
export type InvalidUrlReason =
  | 'not-absolute'
  | 'unsupported-scheme'
  | 'empty-host'
  | 'too-long'
  | 'credentials'
  | 'malformed';

/** Longest URL we accept (characters of the input as given). Browsers and CDNs start failing around 8 kB; 4 kB is plenty for article URLs. */
export const MAX_URL_LENGTH = 4096;

export class InvalidUrlError extends Error {
  /** Stable code, the same as the `invalid-url` fetch outcome. */
  readonly code = 'invalid-url' as const;
  readonly reason: InvalidUrlReason;
  readonly input: string;

  constructor(reason: InvalidUrlReason, message: string, input: string) {
    super(message);
    this.name = 'InvalidUrlError';
    this.reason = reason;
    // Keep the error small when someone feeds us a 10 MB "URL".
    this.input = input.length > 200 ? `${input.slice(0, 200)}…` : input;
  }
}

export interface CanonicalizeOptions {
  /** Query parameter names (case-insensitive) dropped in addition to the built-in tracking list. */
  extraTrackingParams?: readonly string[];
}

export type TryCanonicalizeResult =
  | { ok: true; url: string }
  | { ok: false; reason: InvalidUrlReason; message: string };

/** Parameters that only identify a campaign or a click, never the resource. `utm_*` is matched as a prefix. */
export const TRACKING_PARAMS: readonly string[] = [
  'fbclid',
  'gclid',
  'yclid',
  'mc_cid',
  'mc_eid',
  '_ga',
  'igshid',
];
const TRACKING_PREFIXES: readonly string[] = ['utm_'];

const SCHEME_PREFIX = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

export function canonicalizeUrl(input: string, options: CanonicalizeOptions = {}): string {
  const parsed = parseHttpUrl(input);
  // A trailing dot names the same DNS host (fully-qualified form); drop it so both forms match.
  const hostname = parsed.hostname.endsWith('.') ? parsed.hostname.slice(0, -1) : parsed.hostname;
  const host = parsed.port === '' ? hostname : `${hostname}:${parsed.port}`;
  const path = normalizePath(parsed.pathname);
  const query = normalizeQuery(parsed.search, trackingMatcher(options.extraTrackingParams));
  // Built by hand rather than through the URL setters: setters re-run the WHATWG encoder and
  // dot-segment logic over our already-normalised text.
  return `${parsed.protocol}//${host}${path}${query}`;
}

export function tryCanonicalizeUrl(input: string, options: CanonicalizeOptions = {}): TryCanonicalizeResult {
  try {
    return { ok: true, url: canonicalizeUrl(input, options) };
  } catch (error) {
    if (error instanceof InvalidUrlError) return { ok: false, reason: error.reason, message: error.message };
    throw error;
  }
}

/**
 * Compact stable key of a canonical URL: base64url of the first 20 bytes of its SHA-256 (27
 * characters, alphabet `A-Z a-z 0-9 - _`, so never a ':' — BullMQ reserves ':' in job ids).
 * 160 bits keep accidental collisions out of reach for any realistic crawl.
 */
export function urlKey(canonicalUrl: string): string {
  return createHash('sha256').update(canonicalUrl, 'utf8').digest().subarray(0, 20).toString('base64url');
}

/** Parses and validates; the WHATWG parser already lower-cases scheme and host, converts IDN hosts to punycode, drops default ports and resolves dot segments. */
function parseHttpUrl(input: string): URL {
  if (input.length > MAX_URL_LENGTH) {
    throw new InvalidUrlError('too-long', `URL is ${input.length} characters long, the limit is ${MAX_URL_LENGTH}`, input);
  }
  const trimmed = input.trim();
  const scheme = SCHEME_PREFIX.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    throw new InvalidUrlError('not-absolute', 'URL is not absolute: it has no scheme such as https:', input);
  }
  if (scheme !== 'http' && scheme !== 'https') {
    throw new InvalidUrlError('unsupported-scheme', `URL scheme "${scheme}:" is not supported, only http: and https:`, input);
  }
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    // For http(s) the only parse failures left are a missing or malformed host.
    const afterScheme = trimmed.slice(scheme.length + 1).replace(/^[/\\]+/, '');
    if (afterScheme === '' || /^[/?#\\:]/.test(afterScheme)) {
      throw new InvalidUrlError('empty-host', 'URL has an empty host', input);
    }
    throw new InvalidUrlError('malformed', 'URL could not be parsed (malformed host, port or IDN label)', input);
  }
  if (parsed.hostname === '' || parsed.hostname === '.') {
    throw new InvalidUrlError('empty-host', 'URL has an empty host', input);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new InvalidUrlError('credentials', 'URL contains credentials (user:password@); refusing to store or fetch it', input);
  }
  return parsed;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * RFC 3986 §6.2.2 normalisation of one already-encoded component: decode escapes of unreserved
 * characters (they mean the same thing either way) and upper-case the hex of every other escape.
 * Anything that is not a valid escape is left exactly as it is.
 */
export function normalizePercentEncoding(component: string): string {
  if (!component.includes('%')) return component;
  return component.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

function normalizePath(pathname: string): string {
  // Collapsing `//` is not strictly safe per RFC 3986, but news CMSs treat the forms alike and
  // duplicated slashes are a common artefact of naive URL joining in feeds and sitemaps.
  const collapsed = pathname.replace(/\/{2,}/g, '/');
  return normalizePercentEncoding(collapsed);
}

interface QueryParam {
  key: string;
  value: string | null;
}

function normalizeQuery(search: string, isTracking: (decodedKey: string) => boolean): string {
  if (search.length <= 1) return '';
  const params: QueryParam[] = [];
  for (const piece of search.slice(1).split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    // Keep `?a` and `?a=` distinct: some servers do distinguish them.
    const key = normalizePercentEncoding(eq === -1 ? piece : piece.slice(0, eq));
    const value = eq === -1 ? null : normalizePercentEncoding(piece.slice(eq + 1));
    if (isTracking(decodeQueryComponent(key).toLowerCase())) continue;
    params.push({ key, value });
  }
  if (params.length === 0) return '';
  // Array.prototype.sort is stable; comparing code units keeps the order locale-independent.
  params.sort((a, b) => compareCodeUnits(a.key, b.key) || compareValues(a.value, b.value));
  return `?${params.map((p) => (p.value === null ? p.key : `${p.key}=${p.value}`)).join('&')}`;
}

function trackingMatcher(extra: readonly string[] | undefined): (decodedKey: string) => boolean {
  const names = new Set([...TRACKING_PARAMS, ...(extra ?? []).map((name) => name.toLowerCase())]);
  return (key) => names.has(key) || TRACKING_PREFIXES.some((prefix) => key.startsWith(prefix));
}

function decodeQueryComponent(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** A bare `a` sorts before `a=`, which sorts before `a=x`. */
function compareValues(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return compareCodeUnits(a, b);
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
