import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';

/**
 * A local web server (127.0.0.1, random port) that behaves the way real servers misbehave.
 * Large bodies are generated lazily so the test process never holds them in memory.
 */
export interface MisbehavingServer {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** Requests received per path (query string excluded). */
  hits: Map<string, number>;
  /** Bytes actually written for a route's body (to show we stopped reading early). */
  bytesWritten: Map<string, number>;
  /** The headers of the last request for each path. */
  lastRequestHeaders: Map<string, http.IncomingHttpHeaders>;
  close(): Promise<void>;
}

export interface MisbehavingServerOptions {
  /** Where /redirect-other-port points (another local server). */
  otherPortUrl?: string;
}

const PAGE = '<!doctype html><html><head><title>ok</title></head><body><p>fine</p></body></html>';
/** What /gzip-ok sends, byte for byte. */
export const GZIPPED_PAGE = zlib.gzipSync(PAGE, { level: 9 });
const LONG_PAGE = `<!doctype html><html><head><title>long</title></head><body>${Array.from({ length: 400 }, (_, i) => `<p>paragraph ${i} of a page cut short</p>`).join('')}</body></html>`;
const GZIPPED_LONG_PAGE = zlib.gzipSync(LONG_PAGE);

/** A stream of `total` zero bytes, produced on demand. */
function zeros(total: number, chunkSize = 64 * 1024): Readable {
  let remaining = total;
  const chunk = Buffer.alloc(chunkSize);
  return new Readable({
    read() {
      if (remaining <= 0) {
        this.push(null);
        return;
      }
      const n = Math.min(chunkSize, remaining);
      remaining -= n;
      this.push(n === chunkSize ? chunk : chunk.subarray(0, n));
    },
  });
}

export async function startMisbehavingServer(options: MisbehavingServerOptions = {}): Promise<MisbehavingServer> {
  const hits = new Map<string, number>();
  const bytesWritten = new Map<string, number>();
  const lastRequestHeaders = new Map<string, http.IncomingHttpHeaders>();
  const timers = new Set<NodeJS.Timeout>();

  const countWrite = (path: string, n: number): void => {
    bytesWritten.set(path, (bytesWritten.get(path) ?? 0) + n);
  };

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    lastRequestHeaders.set(path, req.headers);
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);

    const html = (body: string | Buffer, contentType = 'text/html; charset=utf-8', status = 200): void => {
      res.writeHead(status, { 'content-type': contentType });
      res.end(body);
    };

    switch (path) {
      case '/ok':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"v1"', 'last-modified': 'Wed, 21 Oct 2026 07:28:00 GMT' });
        res.end(PAGE);
        return;
      case '/slow-drip': {
        // Slowloris: headers promptly, then one byte a second, forever.
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<');
        const t = setInterval(() => res.write('p'), 1000);
        timers.add(t);
        res.on('close', () => {
          clearInterval(t);
          timers.delete(t);
        });
        return;
      }
      case '/never-answers':
        // Accept the request and say nothing.
        return;
      case '/redirect-loop-a':
        res.writeHead(302, { location: '/redirect-loop-b' });
        res.end();
        return;
      case '/redirect-loop-b':
        res.writeHead(301, { location: '/redirect-loop-a' });
        res.end();
        return;
      case '/redirect-chain': {
        const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n') ?? '0');
        res.writeHead(302, { location: n >= 20 ? '/ok' : `/redirect-chain?n=${n + 1}` });
        res.end();
        return;
      }
      case '/redirect-to-ok':
        res.writeHead(301, { location: '/ok' });
        res.end();
        return;
      case '/redirect-to': {
        // Open redirect: /redirect-to?to=URL
        res.writeHead(302, { location: new URL(req.url ?? '/', 'http://x').searchParams.get('to') ?? '/' });
        res.end();
        return;
      }
      case '/redirect-other-port':
        res.writeHead(302, { location: options.otherPortUrl ?? 'http://127.0.0.1:9/' });
        res.end();
        return;
      case '/huge': {
        // 50 MB with an honest Content-Length: should be refused before reading.
        const size = 50 * 1024 * 1024;
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(size) });
        const body = zeros(size);
        body.on('data', (c: Buffer) => countWrite(path, c.length));
        body.pipe(res);
        res.on('close', () => body.destroy());
        return;
      }
      case '/huge-chunked': {
        // 50 MB without Content-Length: must be cut off while streaming.
        res.writeHead(200, { 'content-type': 'text/html' });
        const body = zeros(50 * 1024 * 1024);
        body.on('data', (c: Buffer) => countWrite(path, c.length));
        body.pipe(res);
        res.on('close', () => body.destroy());
        return;
      }
      case '/gzip-bomb': {
        // 1 GB of zeros gzip-compressed on the fly (~1 MB on the wire).
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        const source = zeros(1024 * 1024 * 1024);
        const gzip = zlib.createGzip({ level: 9 });
        gzip.on('data', (c: Buffer) => countWrite(path, c.length));
        source.pipe(gzip).pipe(res);
        res.on('close', () => {
          source.destroy();
          gzip.destroy();
        });
        return;
      }
      case '/gzip-ok': {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
        res.end(GZIPPED_PAGE);
        return;
      }
      case '/gzip-truncated': {
        // A complete HTTP response whose gzip stream stops halfway (a server or proxy cut it short).
        const cut = GZIPPED_LONG_PAGE.subarray(0, Math.floor(GZIPPED_LONG_PAGE.length / 2));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip', 'content-length': cut.length });
        res.end(cut);
        return;
      }
      case '/deflate-zlib':
      case '/deflate-raw': {
        const body = path === '/deflate-raw' ? zlib.deflateRawSync(PAGE) : zlib.deflateSync(PAGE);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'deflate' });
        res.end(body);
        return;
      }
      case '/br-ok': {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'br' });
        res.end(zlib.brotliCompressSync(PAGE));
        return;
      }
      case '/wrong-charset':
        // Declares latin1 but sends UTF-8 (the common real-world mislabel).
        html(Buffer.from('<html><body><p>Café crème — déjà vu</p></body></html>', 'utf8'), 'text/html; charset=iso-8859-1');
        return;
      case '/windows-1251':
        html(iconv.encode('<html><head><meta charset="windows-1251"></head><body><p>Новости дня</p></body></html>', 'windows-1251'), 'text/html');
        return;
      case '/rate-limited':
        res.writeHead(429, { 'retry-after': '120', 'content-type': 'text/plain' });
        res.end('slow down');
        return;
      case '/flaky':
        // 503 on the first request, 200 afterwards.
        if (hit === 1) {
          res.writeHead(503, { 'retry-after': '2', 'content-type': 'text/plain' });
          res.end('maintenance');
        } else {
          html(PAGE);
        }
        return;
      case '/robots.txt':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('User-agent: *\nDisallow: /private\nCrawl-delay: 2\nSitemap: http://127.0.0.1/sitemap.xml\n');
        return;
      case '/private/page':
        html(PAGE);
        return;
      case '/reset-mid-body':
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100000' });
        res.write('<html><body>' + 'x'.repeat(1000));
        setTimeout(() => req.socket.destroy(), 50);
        return;
      case '/nul-bytes':
        html(Buffer.from('<html><body><p>A\u0000B\u0000C</p></body></html>', 'utf8'));
        return;
      case '/conditional':
        if (req.headers['if-none-match'] === '"abc"') {
          res.writeHead(304, { etag: '"abc"' });
          res.end();
        } else {
          res.writeHead(200, { 'content-type': 'text/html', etag: '"abc"' });
          res.end(PAGE);
        }
        return;
      case '/not-found':
        html('<html><body>nope</body></html>', 'text/html', 404);
        return;
      case '/gone':
        html('gone', 'text/html', 410);
        return;
      case '/pdf':
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '16' });
        res.end('%PDF-1.4\n%fake\n\n');
        return;
      case '/no-content-type':
        res.writeHead(200);
        res.end('<!DOCTYPE html><html><body>sniffed</body></html>');
        return;
      case '/feed.xml':
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title></channel></rss>');
        return;
      case '/echo-headers':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<html><body><pre>${JSON.stringify(req.headers)}</pre></body></html>`);
        return;
      default:
        html('<html><body>not found</body></html>', 'text/html', 404);
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    bytesWritten,
    lastRequestHeaders,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
