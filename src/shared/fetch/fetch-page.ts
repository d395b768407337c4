import { performance } from 'node:perf_hooks';
import type { IncomingHttpHeaders } from 'node:http';
import got from 'got';
import type { Request as GotRequest, Response as GotResponse } from 'got';
import { chooseHtmlEncoding, decodeWithEncoding, type EncodingSource } from './charset.js';
import { FetchError, classifyError, errorForStatus, parseRetryAfter } from './errors.js';
import { createAddressGuard, type AddressGuard } from './ssrf.js';
import { ACCEPT_ENCODING, readBody } from './content-encoding.js';

/** What kinds of documents a caller is prepared to handle; anything else is 'unsupported-type'. */
export type AcceptKind = 'html' | 'feed';

export interface FetchTimeouts {
  /** TCP (and TLS) connect. */
  connectMs?: number;
  /** From request sent until the response headers arrive (got's `response` timeout). */
  firstByteMs?: number;
  /** The whole fetch: every redirect hop and the full body. Catches slow-drip servers. */
  totalMs?: number;
}

export interface BeforeRequestVerdict {
  allowed: boolean;
}

export interface FetcherOptions {
  /** Names the crawler and a contact URL, e.g. 'newsflow/0.1 (+https://example.org/bot)'. */
  userAgent?: string;
  /** NEWSFLOW_ALLOW_HOSTS: host names, IPs or CIDRs exempt from the SSRF guard. Ignored if `guard` is given. */
  allowList?: readonly string[];
  guard?: AddressGuard;
  timeouts?: FetchTimeouts;
  /** Maximum decompressed body size in bytes (default 10 MB). */
  maxBytes?: number;
  /** Maximum redirect hops (default 10). */
  maxRedirects?: number;
  /** Default ['html']. Add 'feed' to accept RSS/Atom/XML (feeds, sitemaps). */
  accept?: readonly AcceptKind[];
  /**
   * Called before every hop, including redirect targets (the lead plugs the robots.txt gate in
   * here). `{ allowed: false }` fails the fetch with 'robots-disallowed'; a thrown FetchError is
   * passed through (a robots.txt that answered 5xx is a transient failure of the page fetch).
   */
  beforeRequest?: (url: string) => Promise<BeforeRequestVerdict> | BeforeRequestVerdict;
  /** Extra request headers for every fetch. Authorization/Cookie are dropped on cross-origin hops. */
  headers?: Record<string, string>;
}

export interface FetchPageOptions {
  etag?: string;
  lastModified?: string;
  signal?: AbortSignal;
  /** Overrides FetcherOptions.accept for this call. */
  accept?: readonly AcceptKind[];
  headers?: Record<string, string>;
}

export interface FetchedPage {
  requestedUrl: string;
  finalUrl: string;
  /** Every URL we were redirected to, in order; the last one equals finalUrl. */
  redirects: string[];
  status: number;
  /** Media type without parameters, lower-cased ('' when the server sent none). */
  contentType: string;
  etag?: string;
  lastModified?: string;
  notModified: boolean;
  /** Raw body bytes after content-encoding was removed. Empty for 304. */
  body: Buffer;
  /** `body` gzip-compressed exactly as the server sent it, when it came with gzip coding and whole. */
  gzippedBody?: Buffer;
  /** The body decoded with `encoding` (on first read: the pipeline itself passes bytes and encoding on). */
  readonly html: string;
  encoding: string;
  encodingSource: EncodingSource;
  bytes: number;
  timings: {
    totalMs: number;
    /** Final hop: request start until response headers. */
    firstByteMs?: number;
  };
}

export interface RobotsTxtResponse {
  /** Final HTTP status after redirects (2xx or 4xx; 5xx and network failures throw). */
  status: number;
  /** UTF-8 text, truncated to ROBOTS_MAX_BYTES. Empty for 4xx. */
  body: string;
  finalUrl: string;
}

export interface PageFetcher {
  fetchPage(url: string, options?: FetchPageOptions): Promise<FetchedPage>;
  /**
   * Fetches a robots.txt through the same guarded client (SSRF guard, timeouts, redirects) but
   * without the `beforeRequest` hook (which is the robots gate itself), with any content type
   * accepted and the body truncated rather than rejected when over the limit.
   */
  fetchRobotsTxt(url: string, options?: { signal?: AbortSignal }): Promise<RobotsTxtResponse>;
}

export const DEFAULT_USER_AGENT = 'newsflow/0.1 (+https://github.com/newsflow/newsflow; news ingestion bot)';
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 10;
export const DEFAULT_TIMEOUTS: Required<FetchTimeouts> = { connectMs: 10_000, firstByteMs: 20_000, totalMs: 60_000 };
/** RFC 9309 §2.5: crawlers must parse at least 500 KiB; we parse exactly that much. */
export const ROBOTS_MAX_BYTES = 500 * 1024;

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
// Sitemaps also come gzip-compressed as files (sitemap.xml.gz) or as plain text (one URL a line).
const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/xml', 'text/xml', 'application/rdf+xml', 'application/gzip', 'application/x-gzip', 'text/plain']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Credentials meant for one origin must never be replayed to another one a redirect points at. */
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

interface FetchMode {
  accept: ReadonlySet<AcceptKind> | 'any';
  maxBytes: number;
  /** Robots.txt: keep the first maxBytes. Pages: fail with 'too-large'. */
  overflow: 'fail' | 'truncate';
  runBeforeRequest: boolean;
  /** Robots.txt: a 4xx is an answer ("no rules"), not a failure. */
  clientErrorIsAnswer: boolean;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** WHATWG MIME sniffing, reduced to "does this start like an HTML document". */
function looksLikeHtml(body: Buffer): boolean {
  const head = body.subarray(0, 512).toString('latin1').replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '').trimStart().toLowerCase();
  return /^<(?:!doctype html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|!--)[\s>]/.test(head);
}

function looksLikeXmlFeed(body: Buffer): boolean {
  const head = body.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
  return head.startsWith('<?xml') || head.startsWith('<rss') || head.startsWith('<feed') || head.startsWith('<urlset') || head.startsWith('<sitemapindex');
}

function acceptHeader(accept: FetchMode['accept']): string {
  if (accept === 'any') return 'text/plain,*/*;q=0.8';
  const parts = ['text/html', 'application/xhtml+xml'];
  if (accept.has('feed')) parts.push('application/rss+xml', 'application/atom+xml', 'application/xml;q=0.9', 'text/xml;q=0.9');
  return `${parts.join(',')},*/*;q=0.1`;
}

function parseHttpUrl(input: string, base?: URL): URL {
  let url: URL;
  try {
    url = base ? new URL(input, base) : new URL(input);
  } catch (cause) {
    throw new FetchError('invalid-url', `invalid URL: ${input}`, { permanent: true, url: input, cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('invalid-url', `unsupported URL scheme ${url.protocol}`, { permanent: true, url: url.href });
  }
  if (url.username !== '' || url.password !== '') {
    // userinfo in a crawled link is almost always an attack or a mistake; never send it.
    url.username = '';
    url.password = '';
  }
  url.hash = '';
  return url;
}

/** Resolves once got has the response headers, or rejects with whatever failed before that. */
function responseOf(request: GotRequest): Promise<GotResponse> {
  return new Promise((resolve, reject) => {
    const onError = (err: unknown): void => {
      request.off('response', onResponse);
      reject(err);
    };
    const onResponse = (response: GotResponse): void => {
      request.off('error', onError);
      resolve(response);
    };
    request.once('error', onError);
    request.once('response', onResponse);
  });
}

export function createPageFetcher(options: FetcherOptions = {}): PageFetcher {
  const guard = options.guard ?? createAddressGuard(options.allowList ?? []);
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const defaultAccept = new Set<AcceptKind>(options.accept ?? ['html']);
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;

  const client = got.extend({
    // BullMQ owns retries (with backoff and a recorded outcome); got retrying underneath would
    // multiply attempts and hide the real failure.
    retry: { limit: 0 },
    // We follow redirects ourselves so every hop passes the SSRF guard and the robots gate.
    followRedirect: false,
    throwHttpErrors: false,
    // Content codings are removed by readBody, which keeps a gzip body's bytes for storage.
    decompress: false,
    http2: false,
    cookieJar: undefined,
    dnsLookup: guard.lookup,
    timeout: { connect: timeouts.connectMs, response: timeouts.firstByteMs, request: timeouts.totalMs },
  });

  async function run(input: string, call: FetchPageOptions, mode: FetchMode): Promise<FetchedPage> {
    const startedAt = performance.now();
    let url = parseHttpUrl(input);
    const requestedUrl = url.href;
    const requestedOrigin = url.origin;
    const redirects: string[] = [];
    const visited = new Set<string>([url.href]);

    // One deadline for the whole fetch: got's per-request timeout restarts on every hop.
    // A plain controller that the caller's signal forwards to, not AbortSignal.any: Node keeps a
    // composite signal that has an abort listener (got adds one per request and never removes it)
    // reachable until one of its sources aborts, so every finished request stayed in memory for
    // the life of the worker — 20 KB a page.
    const deadline = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      deadline.abort();
    }, timeouts.totalMs);
    const forwardCallerAbort = () => deadline.abort(call.signal?.reason);
    if (call.signal?.aborted) forwardCallerAbort();
    else call.signal?.addEventListener('abort', forwardCallerAbort, { once: true });
    const signal = deadline.signal;
    let request: GotRequest | undefined;

    try {
      for (;;) {
        guard.assertUrlAllowed(url);
        if (mode.runBeforeRequest && options.beforeRequest) {
          const verdict = await options.beforeRequest(url.href);
          if (!verdict.allowed) {
            throw new FetchError('robots-disallowed', `robots.txt disallows ${url.href}`, { permanent: true, url: url.href });
          }
        }
        if (signal.aborted) throw signal.reason ?? new Error('aborted');

        const headers: Record<string, string> = {
          ...options.headers,
          ...call.headers,
          'user-agent': userAgent,
          accept: acceptHeader(mode.accept),
          'accept-encoding': ACCEPT_ENCODING,
        };
        if (url.origin !== requestedOrigin) {
          for (const name of Object.keys(headers)) {
            if (ORIGIN_BOUND_HEADERS.includes(name.toLowerCase())) delete headers[name];
          }
        }
        if (call.etag) headers['if-none-match'] = call.etag;
        if (call.lastModified) headers['if-modified-since'] = call.lastModified;

        const hopStartedAt = performance.now();
        request = client.stream(url, { headers, signal });
        // Keep a listener for the request's whole life: an 'error' emitted between the response
        // and the body loop (e.g. a reset right after the headers) must not crash the process.
        request.on('error', () => {});
        const response = await responseOf(request);
        const firstByteMs = performance.now() - hopStartedAt;
        const status = response.statusCode;
        const currentUrl = url.href;

        // Defence in depth: the lookup already filtered addresses, but check who we really reached.
        if (response.ip && !guard.isHostAllowListed(url.hostname) && !guard.isAddressAllowed(response.ip)) {
          throw new FetchError('ssrf-blocked', `connected to non-public address ${response.ip}`, { permanent: true, url: currentUrl });
        }

        const location = headerValue(response.headers, 'location');
        if (REDIRECT_STATUSES.has(status) && location) {
          request.destroy();
          const next = parseHttpUrl(location, url);
          if (visited.has(next.href)) {
            throw new FetchError('redirect-loop', `redirect loop at ${next.href}`, { permanent: true, url: currentUrl, status });
          }
          if (redirects.length >= maxRedirects) {
            throw new FetchError('too-many-redirects', `more than ${maxRedirects} redirects`, { permanent: true, url: currentUrl, status });
          }
          visited.add(next.href);
          redirects.push(next.href);
          url = next;
          continue;
        }

        const etag = headerValue(response.headers, 'etag');
        const lastModified = headerValue(response.headers, 'last-modified');
        const contentTypeHeader = headerValue(response.headers, 'content-type');
        const contentType = mediaType(contentTypeHeader);
        const common = {
          requestedUrl,
          finalUrl: currentUrl,
          redirects,
          status,
          contentType,
          ...(etag !== undefined ? { etag } : {}),
          ...(lastModified !== undefined ? { lastModified } : {}),
        };

        if (status === 304) {
          request.destroy();
          return {
            ...common,
            notModified: true,
            body: Buffer.alloc(0),
            html: '',
            encoding: 'utf-8',
            encodingSource: 'default',
            bytes: 0,
            timings: { totalMs: performance.now() - startedAt, firstByteMs },
          };
        }

        if (status < 200 || status >= 300) {
          request.destroy();
          // 408/425/429 are "come back later", not "there is no file" (Google treats a throttled
          // robots.txt like a 5xx too), so they stay failures even for robots.txt.
          if (mode.clientErrorIsAnswer && status >= 400 && status < 500 && errorForStatus(status).permanent) {
            return {
              ...common,
              notModified: false,
              body: Buffer.alloc(0),
              html: '',
              encoding: 'utf-8',
              encodingSource: 'default',
              bytes: 0,
              timings: { totalMs: performance.now() - startedAt, firstByteMs },
            };
          }
          throw errorForStatus(status, currentUrl, parseRetryAfter(response.headers['retry-after']));
        }

        const accepted = (kind: AcceptKind): boolean => mode.accept === 'any' || mode.accept.has(kind);
        const typeAllowed =
          mode.accept === 'any' ||
          contentType === '' || // decided by sniffing once the first bytes are in
          (HTML_TYPES.has(contentType) && accepted('html')) ||
          (FEED_TYPES.has(contentType) && accepted('feed'));
        if (!typeAllowed) {
          request.destroy();
          throw new FetchError('unsupported-type', `unsupported content type ${contentType}`, { permanent: true, url: currentUrl, status });
        }

        // Reject before reading when the server already tells us it is too big. With compression
        // the header counts compressed bytes, which can only be smaller than what we would inflate.
        const declaredLength = Number(headerValue(response.headers, 'content-length'));
        if (mode.overflow === 'fail' && Number.isFinite(declaredLength) && declaredLength > mode.maxBytes) {
          request.destroy();
          throw new FetchError('too-large', `Content-Length ${declaredLength} exceeds ${mode.maxBytes} bytes`, { permanent: true, url: currentUrl, status });
        }

        const { body, gzipped } = await readBody(request, {
          contentEncoding: headerValue(response.headers, 'content-encoding'),
          maxBytes: mode.maxBytes,
          overflow: mode.overflow,
          url: currentUrl,
        });

        if (contentType === '' && mode.accept !== 'any') {
          const sniffedOk = (accepted('html') && looksLikeHtml(body)) || (accepted('feed') && looksLikeXmlFeed(body));
          if (!sniffedOk) {
            throw new FetchError('unsupported-type', 'no content type and the body does not look like a supported document', { permanent: true, url: currentUrl, status });
          }
        }

        const choice = chooseHtmlEncoding(body, contentTypeHeader);
        let html: string | undefined;
        return {
          ...common,
          notModified: false,
          body,
          ...(gzipped ? { gzippedBody: gzipped } : {}),
          // The pipeline hands the bytes and the encoding on; decoding here too would only double the work.
          get html() {
            html ??= decodeWithEncoding(body, choice);
            return html;
          },
          encoding: choice.encoding,
          encodingSource: choice.encodingSource,
          bytes: body.length,
          timings: { totalMs: performance.now() - startedAt, firstByteMs },
        };
      }
    } catch (err) {
      request?.destroy();
      if (err instanceof FetchError) throw err;
      if (timedOut && !call.signal?.aborted) {
        throw new FetchError('timeout', `fetch exceeded ${timeouts.totalMs} ms`, { permanent: false, url: url.href, cause: err });
      }
      throw classifyError(err, url.href);
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', forwardCallerAbort);
    }
  }

  return {
    fetchPage(url, call = {}) {
      return run(url, call, {
        accept: call.accept ? new Set(call.accept) : defaultAccept,
        maxBytes,
        overflow: 'fail',
        runBeforeRequest: true,
        clientErrorIsAnswer: false,
      });
    },
    async fetchRobotsTxt(url, call = {}) {
      const page = await run(url, call.signal ? { signal: call.signal } : {}, {
        accept: 'any',
        maxBytes: ROBOTS_MAX_BYTES,
        overflow: 'truncate',
        runBeforeRequest: false,
        clientErrorIsAnswer: true,
      });
      // RFC 9309: robots.txt is UTF-8; a stray BOM must not hide the first rule.
      const body = page.status >= 400 ? '' : page.body.toString('utf8').replace(/^\uFEFF/, '');
      return { status: page.status, body, finalUrl: page.finalUrl };
    },
  };
}
