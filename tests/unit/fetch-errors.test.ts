import { describe, expect, it } from 'vitest';
import { FetchError, classifyError, errorForStatus, parseRetryAfter } from '../../src/shared/fetch/errors.js';

/** Shapes of the errors got 14 throws (RequestError and subclasses carry `code` and `name`). */
const gotError = (name: string, code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} ${code}`), { name, code, ...extra });

const httpError = (statusCode: number, headers: Record<string, string> = {}) =>
  gotError('HTTPError', 'ERR_NON_2XX_3XX_RESPONSE', { response: { statusCode, headers } });

describe('classifyError', () => {
  it.each([
    ['DNS not found', gotError('RequestError', 'ENOTFOUND'), 'network-error', false],
    ['DNS temporary failure', gotError('RequestError', 'EAI_AGAIN'), 'network-error', false],
    ['connection reset', gotError('ReadError', 'ECONNRESET'), 'network-error', false],
    ['connection refused', gotError('RequestError', 'ECONNREFUSED'), 'network-error', false],
    ['timeout', gotError('TimeoutError', 'ETIMEDOUT'), 'timeout', false],
    ['SSRF lookup refusal', gotError('RequestError', 'ESSRFBLOCKED'), 'ssrf-blocked', true],
    ['invalid URL', Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' }), 'invalid-url', true],
    ['expired certificate', gotError('RequestError', 'CERT_HAS_EXPIRED'), 'network-error', true],
    ['corrupt gzip', gotError('ReadError', 'Z_DATA_ERROR'), 'decode-error', true],
    ['caller abort', gotError('AbortError', 'ERR_ABORTED'), 'network-error', false],
    ['HTTP 500', httpError(500), 'http-5xx', false],
    ['HTTP 503', httpError(503), 'http-5xx', false],
    ['HTTP 404', httpError(404), 'http-4xx', true],
    ['HTTP 410', httpError(410), 'http-4xx', true],
    ['HTTP 451', httpError(451), 'http-4xx', true],
    ['HTTP 403', httpError(403), 'http-4xx', true],
    ['HTTP 408', httpError(408), 'http-4xx', false],
    ['HTTP 425', httpError(425), 'http-4xx', false],
    ['HTTP 429', httpError(429), 'http-4xx', false],
    ['something unknown', new Error('boom'), 'network-error', false],
    ['a non-error value', 'weird', 'network-error', false],
  ])('%s → %s (permanent: %s)', (_label, err, code, permanent) => {
    const classified = classifyError(err, 'https://example.com/a');
    expect(classified).toBeInstanceOf(FetchError);
    expect(classified.code).toBe(code);
    expect(classified.permanent).toBe(permanent);
    expect(classified.url).toBe('https://example.com/a');
  });

  it('keeps the original error as cause and the status of HTTP errors', () => {
    const original = httpError(429, { 'retry-after': '30' });
    const classified = classifyError(original);
    expect(classified.cause).toBe(original);
    expect(classified.status).toBe(429);
    expect(classified.retryAfterMs).toBe(30_000);
  });

  it('passes a FetchError through unchanged', () => {
    const err = new FetchError('too-large', 'big', { permanent: true });
    expect(classifyError(err)).toBe(err);
  });
});

describe('errorForStatus', () => {
  it('is permanent for ordinary client errors and transient for server errors', () => {
    expect(errorForStatus(404)).toMatchObject({ code: 'http-4xx', permanent: true, status: 404 });
    expect(errorForStatus(502)).toMatchObject({ code: 'http-5xx', permanent: false, status: 502 });
    expect(errorForStatus(503, 'https://x.test/', 5000)).toMatchObject({ retryAfterMs: 5000, url: 'https://x.test/' });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 12:01:30 GMT', now)).toBe(90_000);
  });
  it('never returns a negative delay and ignores garbage', () => {
    expect(parseRetryAfter('Thu, 26 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(['7'], now)).toBe(7000);
  });
});
