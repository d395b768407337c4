import type { Outcome } from '../outcome.js';

/**
 * The one error type the fetch core throws. The worker needs exactly two facts to decide
 * what to do with a failed job: which outcome to record (`code`) and whether another attempt
 * can possibly succeed (`permanent` → BullMQ UnrecoverableError; otherwise retry with backoff,
 * no earlier than `retryAfterMs` when the server told us when to come back).
 *
 * Unlike Crawlee's NonRetryableError/RetryRequestError class hierarchy, the retry decision is a
 * field rather than a subclass: the same outcome (e.g. 'http-4xx') can be permanent (404) or
 * transient (429), and a flag survives serialisation into a job's failedReason better than a
 * prototype chain does.
 */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  readonly code: Outcome;
  readonly permanent: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;
  readonly url?: string;

  constructor(
    code: Outcome,
    message: string,
    options: {
      permanent: boolean;
      retryAfterMs?: number;
      status?: number;
      url?: string;
      cause?: unknown;
    },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.permanent = options.permanent;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.status !== undefined) this.status = options.status;
    if (options.url !== undefined) this.url = options.url;
  }
}

export function isFetchError(err: unknown): err is FetchError {
  return err instanceof FetchError;
}

/** The error code our guarded DNS lookup fails with; got copies it onto its RequestError. */
export const SSRF_BLOCKED_CODE = 'ESSRFBLOCKED';

/** Statuses in the 4xx range that describe a temporary condition rather than a bad URL. */
const TRANSIENT_4XX = new Set([408, 425, 429]);

/**
 * Parses a Retry-After header (delta-seconds or an HTTP-date) into milliseconds from `nowMs`.
 * Returns undefined when absent or unparseable; never negative.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Maps a non-success HTTP status to the error the worker acts on. */
export function errorForStatus(status: number, url?: string, retryAfterMs?: number): FetchError {
  const opts = { status, ...(url !== undefined ? { url } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  if (status >= 500) {
    return new FetchError('http-5xx', `HTTP ${status}`, { ...opts, permanent: false });
  }
  if (status >= 400) {
    return new FetchError('http-4xx', `HTTP ${status}`, { ...opts, permanent: !TRANSIENT_4XX.has(status) });
  }
  // 1xx leaking through or an unexpected 3xx (e.g. without Location): retrying will not change it.
  return new FetchError('http-4xx', `unexpected HTTP ${status}`, { ...opts, permanent: true });
}

/** TLS failures that a retry cannot fix: the certificate will still be wrong tomorrow morning. */
const PERMANENT_TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  response?: { statusCode?: unknown; headers?: Record<string, string | string[] | undefined>; url?: unknown };
  options?: { url?: unknown };
}

/**
 * Pure mapping from anything thrown while fetching (got's RequestError family, Node socket errors,
 * our own FetchError) to a FetchError. Unknown failures are treated as transient network errors:
 * a wrongly retried job costs a few attempts, a wrongly dropped article is lost.
 */
export function classifyError(err: unknown, url?: string): FetchError {
  if (err instanceof FetchError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const at = url ?? (e.options?.url !== undefined ? String(e.options.url) : undefined);
  const base = { cause: err, ...(at !== undefined ? { url: at } : {}) };

  const status = typeof e.response?.statusCode === 'number' ? e.response.statusCode : undefined;
  if (e.name === 'HTTPError' && status !== undefined) {
    const mapped = errorForStatus(status, at, parseRetryAfter(e.response?.headers?.['retry-after']));
    return new FetchError(mapped.code, mapped.message, {
      ...base,
      permanent: mapped.permanent,
      status,
      ...(mapped.retryAfterMs !== undefined ? { retryAfterMs: mapped.retryAfterMs } : {}),
    });
  }

  switch (code) {
    case SSRF_BLOCKED_CODE:
      return new FetchError('ssrf-blocked', message, { ...base, permanent: true });
    case 'ERR_INVALID_URL':
    case 'ERR_UNSUPPORTED_PROTOCOL':
      return new FetchError('invalid-url', message, { ...base, permanent: true });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'ENODATA':
      // DNS failures are often a resolver hiccup or a domain mid-migration; let backoff decide.
      return new FetchError('network-error', `DNS lookup failed (${code}): ${message}`, { ...base, permanent: false });
    case 'ERR_MAX_REDIRECTS':
      return new FetchError('too-many-redirects', message, { ...base, permanent: true });
    case 'ERR_BODY_TOO_LARGE':
      return new FetchError('too-large', message, { ...base, permanent: true });
    case 'Z_DATA_ERROR':
      // The server sent a body that does not decompress; sending it again will not fix it.
      return new FetchError('decode-error', `corrupt compressed body: ${message}`, { ...base, permanent: true });
    case 'ERR_ABORTED':
      // The caller (e.g. a worker shutting down) aborted us; the URL itself is fine.
      return new FetchError('network-error', `aborted: ${message}`, { ...base, permanent: false });
    default:
      break;
  }
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new FetchError('timeout', message, { ...base, permanent: false });
  }
  if (e.name === 'TimeoutError') {
    return new FetchError('timeout', message, { ...base, permanent: false });
  }
  if (code !== undefined && PERMANENT_TLS_CODES.has(code)) {
    return new FetchError('network-error', `TLS: ${message}`, { ...base, permanent: true });
  }
  // ECONNRESET, ECONNREFUSED, EPIPE, EHOSTUNREACH, premature close, content-length mismatch, …
  return new FetchError('network-error', code !== undefined ? `${code}: ${message}` : message, {
    ...base,
    permanent: false,
  });
}
