import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../../src/shared/fetch/errors.js';
import { createPageFetcher, type PageFetcher } from '../../src/shared/fetch/fetch-page.js';
import { gunzipSync } from 'node:zlib';
import { GZIPPED_PAGE, startMisbehavingServer, type MisbehavingServer } from '../helpers/misbehaving-server.js';

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(FetchError);
    return err as FetchError;
  }
  throw new Error('expected the fetch to fail');
}

describe('fetchPage against a misbehaving server', () => {
  let site: MisbehavingServer;
  let other: http.Server;
  let otherUrl: string;
  let fetcher: PageFetcher;

  beforeAll(async () => {
    other = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>internal</body></html>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
    site = await startMisbehavingServer({ otherPortUrl: otherUrl });
    fetcher = createPageFetcher({
      allowList: ['127.0.0.1'],
      userAgent: 'newsflow-test/1.0 (+https://example.invalid/bot)',
      timeouts: { connectMs: 1000, firstByteMs: 1000, totalMs: 2500 },
      maxBytes: 2 * 1024 * 1024,
    });
  });

  afterAll(async () => {
    await site.close();
    other.closeAllConnections();
    await new Promise<void>((resolve) => other.close(() => resolve()));
  });

  it('fetches a well-behaved page with validators and timings', async () => {
    const page = await fetcher.fetchPage(`${site.url}/ok`);
    expect(page.status).toBe(200);
    expect(page.notModified).toBe(false);
    expect(page.contentType).toBe('text/html');
    expect(page.html).toContain('<p>fine</p>');
    expect(page.etag).toBe('"v1"');
    expect(page.lastModified).toBe('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(page.bytes).toBe(page.body.length);
    expect(page.timings.totalMs).toBeGreaterThan(0);
  });

  it('sends the configured User-Agent and never a cookie', async () => {
    const page = await fetcher.fetchPage(`${site.url}/echo-headers`);
    const sent = JSON.parse(/<pre>(.*)<\/pre>/s.exec(page.html)![1]!) as Record<string, string>;
    expect(sent['user-agent']).toBe('newsflow-test/1.0 (+https://example.invalid/bot)');
    expect(sent.cookie).toBeUndefined();
  });

  it('keeps credentials on same-origin redirects and drops them across origins', async () => {
    const withCreds = createPageFetcher({ allowList: ['127.0.0.1', 'localhost'], headers: { Authorization: 'Bearer secret', Cookie: 'session=1' } });
    const sentAfter = async (target: string) => {
      const page = await withCreds.fetchPage(`${site.url}/redirect-to?to=${encodeURIComponent(target)}`);
      return JSON.parse(/<pre>(.*)<\/pre>/s.exec(page.html)![1]!) as Record<string, string>;
    };
    const sameOrigin = await sentAfter(`${site.url}/echo-headers`);
    expect(sameOrigin.authorization).toBe('Bearer secret');
    const crossOrigin = await sentAfter(`http://localhost:${site.port}/echo-headers`);
    expect(crossOrigin.authorization).toBeUndefined();
    expect(crossOrigin.cookie).toBeUndefined();
  });

  it('sends If-Modified-Since when given a Last-Modified', async () => {
    const page = await fetcher.fetchPage(`${site.url}/echo-headers`, { lastModified: 'Wed, 21 Oct 2026 07:28:00 GMT' });
    expect(page.html).toContain('"if-modified-since":"Wed, 21 Oct 2026 07:28:00 GMT"');
  });

  it('stops promptly when the caller aborts, as a transient error', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const err = await failure(fetcher.fetchPage(`${site.url}/never-answers`, { signal: controller.signal }));
    expect(err.permanent).toBe(false);
    expect(err.code).toBe('network-error');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('times out a slow-drip (slowloris) body with a transient timeout', async () => {
    const started = Date.now();
    const err = await failure(fetcher.fetchPage(`${site.url}/slow-drip`));
    expect(err.code).toBe('timeout');
    expect(err.permanent).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('times out a server that never answers', async () => {
    const err = await failure(fetcher.fetchPage(`${site.url}/never-answers`));
    expect(err.code).toBe('timeout');
    expect(err.permanent).toBe(false);
  });

  it('detects a redirect loop', async () => {
    const err = await failure(fetcher.fetchPage(`${site.url}/redirect-loop-a`));
    expect(err.code).toBe('redirect-loop');
    expect(err.permanent).toBe(true);
  });

  it('gives up after 10 redirects', async () => {
    const err = await failure(fetcher.fetchPage(`${site.url}/redirect-chain?n=0`));
    expect(err.code).toBe('too-many-redirects');
    expect(err.permanent).toBe(true);
  });

  it('follows redirects and reports them', async () => {
    const page = await fetcher.fetchPage(`${site.url}/redirect-to-ok`);
    expect(page.requestedUrl).toBe(`${site.url}/redirect-to-ok`);
    expect(page.finalUrl).toBe(`${site.url}/ok`);
    expect(page.redirects).toEqual([`${site.url}/ok`]);
  });

  it('refuses a 50 MB body by its Content-Length before reading it', async () => {
    const err = await failure(fetcher.fetchPage(`${site.url}/huge`));
    expect(err.code).toBe('too-large');
    expect(err.permanent).toBe(true);
    // Only what the kernel buffers got written, far from 50 MB.
    expect(site.bytesWritten.get('/huge') ?? 0).toBeLessThan(20 * 1024 * 1024);
  });

  it('cuts off a 50 MB chunked body while streaming', async () => {
    const err = await failure(fetcher.fetchPage(`${site.url}/huge-chunked`));
    expect(err.code).toBe('too-large');
    expect(site.bytesWritten.get('/huge-chunked') ?? 0).toBeLessThan(20 * 1024 * 1024);
  });

  it('stops a gzip bomb at the decompressed size limit without inflating it', async () => {
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const err = await failure(fetcher.fetchPage(`${site.url}/gzip-bomb`));
    expect(err.code).toBe('too-large');
    expect(err.permanent).toBe(true);
    // 2 MB of decompressed zeros is ~2 KB gzip: counting compressed bytes would have read ~1 MB of
    // wire data (the whole 1 GB bomb) before noticing anything.
    expect(site.bytesWritten.get('/gzip-bomb') ?? 0).toBeLessThan(1024 * 1024);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('decodes a gzip-compressed page and keeps the bytes the server sent, to store without compressing again', async () => {
    const page = await fetcher.fetchPage(`${site.url}/gzip-ok`);
    expect(page.html).toContain('<p>fine</p>');
    expect(page.gzippedBody?.equals(GZIPPED_PAGE)).toBe(true);
    expect(gunzipSync(page.gzippedBody!).equals(page.body)).toBe(true);
    expect(page.bytes).toBe(page.body.length);
  });

  it('asks for gzip first among the codings it can remove', async () => {
    await fetcher.fetchPage(`${site.url}/gzip-ok`);
    expect(site.lastRequestHeaders.get('/gzip-ok')?.['accept-encoding']).toBe('gzip, deflate, br;q=0.9');
  });

  it('keeps what a gzip stream cut short decodes to, but never stores the cut stream as the page', async () => {
    const page = await fetcher.fetchPage(`${site.url}/gzip-truncated`);
    expect(page.html).toContain('paragraph 0 of a page cut short');
    expect(page.html).not.toContain('</html>');
    expect(page.gzippedBody).toBeUndefined();
  });

  it.each(['/deflate-zlib', '/deflate-raw', '/br-ok'])('decodes %s', async (path) => {
    const page = await fetcher.fetchPage(`${site.url}${path}`);
    expect(page.html).toContain('<p>fine</p>');
    expect(page.gzippedBody).toBeUndefined();
  });

  it('decodes a page labelled latin1 that is really UTF-8 as UTF-8', async () => {
    const page = await fetcher.fetchPage(`${site.url}/wrong-charset`);
    expect(page.html).toContain('Café crème — déjà vu');
    expect(page.encoding).toBe('utf-8');
  });

  it('decodes windows-1251 declared in a meta tag', async () => {
    const page = await fetcher.fetchPage(`${site.url}/windows-1251`);
    expect(page.html).toContain('Новости дня');
    expect(page.encodingSource).toBe('meta');
  });

  it('turns 429 + Retry-After into a transient error with retryAfterMs', async () => {
    const err = await failure(fetcher.fetchPage(`${site.url}/rate-limited`));
    expect(err.code).toBe('http-4xx');
    expect(err.status).toBe(429);
    expect(err.permanent).toBe(false);
    expect(err.retryAfterMs).toBe(120_000);
  });

  it('treats 503 as transient and succeeds on the next attempt', async () => {
    const err = await failure(fetcher.fetchPage(`${site.url}/flaky`));
    expect(err.code).toBe('http-5xx');
    expect(err.permanent).toBe(false);
    expect(err.retryAfterMs).toBe(2000);
    const page = await fetcher.fetchPage(`${site.url}/flaky`);
    expect(page.status).toBe(200);
  });

  it('reports a connection reset mid-body as a transient network error', async () => {
    const err = await failure(fetcher.fetchPage(`${site.url}/reset-mid-body`));
    expect(err.code).toBe('network-error');
    expect(err.permanent).toBe(false);
  });

  it('strips NUL bytes from the decoded text', async () => {
    const page = await fetcher.fetchPage(`${site.url}/nul-bytes`);
    expect(page.html).toContain('<p>ABC</p>');
    expect(page.html).not.toContain('\u0000');
  });

  it('returns notModified on 304 when the ETag matches', async () => {
    const fresh = await fetcher.fetchPage(`${site.url}/conditional`);
    expect(fresh.etag).toBe('"abc"');
    const again = await fetcher.fetchPage(`${site.url}/conditional`, { etag: '"abc"' });
    expect(again.notModified).toBe(true);
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('treats 404 and 410 as permanent', async () => {
    for (const path of ['/not-found', '/gone']) {
      const err = await failure(fetcher.fetchPage(`${site.url}${path}`));
      expect(err.code).toBe('http-4xx');
      expect(err.permanent).toBe(true);
    }
  });

  it('refuses a PDF as unsupported-type', async () => {
    const err = await failure(fetcher.fetchPage(`${site.url}/pdf`));
    expect(err.code).toBe('unsupported-type');
    expect(err.permanent).toBe(true);
  });

  it('sniffs a missing content type as HTML', async () => {
    const page = await fetcher.fetchPage(`${site.url}/no-content-type`);
    expect(page.html).toContain('sniffed');
  });

  it('accepts feeds only when asked to', async () => {
    const err = await failure(fetcher.fetchPage(`${site.url}/feed.xml`));
    expect(err.code).toBe('unsupported-type');
    const feed = await fetcher.fetchPage(`${site.url}/feed.xml`, { accept: ['html', 'feed'] });
    expect(feed.contentType).toBe('application/rss+xml');
    expect(feed.html).toContain('<rss');
  });

  it('fails with robots-disallowed when the beforeRequest hook says no, on every hop', async () => {
    const seen: string[] = [];
    const gated = createPageFetcher({
      allowList: ['127.0.0.1'],
      beforeRequest: (url) => {
        seen.push(url);
        return { allowed: !new URL(url).pathname.startsWith('/ok') };
      },
    });
    const err = await failure(gated.fetchPage(`${site.url}/redirect-to-ok`));
    expect(err.code).toBe('robots-disallowed');
    expect(err.permanent).toBe(true);
    expect(seen).toEqual([`${site.url}/redirect-to-ok`, `${site.url}/ok`]);
  });

  it('rejects invalid and non-http URLs as permanent invalid-url', async () => {
    for (const url of ['not a url', 'file:///etc/passwd', 'ftp://example.com/']) {
      const err = await failure(fetcher.fetchPage(url));
      expect(err.code).toBe('invalid-url');
      expect(err.permanent).toBe(true);
    }
  });

  it('still fetches a well-behaved URL after all of the above', async () => {
    const page = await fetcher.fetchPage(`${site.url}/ok`);
    expect(page.html).toContain('<p>fine</p>');
  });

  describe('SSRF guard', () => {
    it('blocks 127.0.0.1 when it is not allow-listed', async () => {
      const strict = createPageFetcher({});
      const hitsBefore = site.hits.get('/ok') ?? 0;
      const err = await failure(strict.fetchPage(`${site.url}/ok`));
      expect(err.code).toBe('ssrf-blocked');
      expect(err.permanent).toBe(true);
      expect(site.hits.get('/ok') ?? 0).toBe(hitsBefore); // the request never reached the server
    });

    it('blocks a host name resolving to loopback at DNS time', async () => {
      const strict = createPageFetcher({});
      const err = await failure(strict.fetchPage(`http://localhost:${site.port}/ok`));
      expect(err.code).toBe('ssrf-blocked');
    });

    it('blocks a redirect from an allow-listed host name to a non-allowed address', async () => {
      const byName = createPageFetcher({ allowList: ['localhost'] });
      const ok = await byName.fetchPage(`http://localhost:${site.port}/ok`);
      expect(ok.status).toBe(200);
      const err = await failure(byName.fetchPage(`http://localhost:${site.port}/redirect-other-port`));
      expect(err.code).toBe('ssrf-blocked');
      expect(err.url).toBe(otherUrl);
    });

    it('blocks literal private, link-local and metadata addresses without connecting', async () => {
      const strict = createPageFetcher({});
      const urls = [
        'http://10.0.0.1/',
        'http://169.254.169.254/latest/meta-data/',
        'http://[::1]/',
        'http://[::ffff:127.0.0.1]/',
        'http://0x7f.1/', // WHATWG URL parsing turns this into 127.0.0.1
        'http://100.64.0.1/',
      ];
      for (const url of urls) {
        const started = Date.now();
        const err = await failure(strict.fetchPage(url));
        expect(err.code, url).toBe('ssrf-blocked');
        expect(Date.now() - started, url).toBeLessThan(100); // refused up front, no connect attempt
      }
    });
  });
});
