/**
 * Static server of the generated benchmark site, meant to run in its own process so its CPU is
 * not charged to the crawler under test:
 *
 *   node --import tsx bench/site/server.ts --pages 5000 --seed 42 [--port 0] [--compression gzip|none]
 *
 * Prints one JSON line `{"origin":"http://127.0.0.1:PORT","pid":…}` on stdout when listening.
 * Pages are rendered from their path (no disk), with keep-alive and Content-Length; with
 * `--compression gzip` a client that accepts gzip gets it at level 1, as nginx's `gzip on` sends it; `/robots.txt` allows everything; `/__stats` reports requests served. Only
 * 127.0.0.1 is bound.
 */
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { pageNumberOf, renderPage } from './generate.js';

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '42' },
    port: { type: 'string', default: '0' },
    compression: { type: 'string', default: 'none' },
  },
});
if (values.compression !== 'gzip' && values.compression !== 'none') throw new Error('--compression is gzip or none');
const compress = values.compression === 'gzip';
const pages = Number(values.pages);
const seed = Number(values.seed);
let origin = '';
const stats = { pages: 0, gzipped: 0, bytes: 0, notFound: 0, robots: 0 };

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path === '/robots.txt') {
    stats.robots += 1;
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('User-agent: *\nAllow: /\n');
    return;
  }
  if (path === '/__stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
    return;
  }
  const n = pageNumberOf(seed, path, pages);
  if (n === null) {
    stats.notFound += 1;
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body><h1>404 Not Found</h1></body></html>');
    return;
  }
  const page = Buffer.from(renderPage(seed, n, pages, origin));
  const gzip = compress && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? gzipSync(page, { level: 1 }) : page;
  stats.pages += 1;
  if (gzip) stats.gzipped += 1;
  stats.bytes += body.length;
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
    'cache-control': 'max-age=60',
    ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
  });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.maxRequestsPerSocket = 0;
server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : Number(values.port);
  origin = `http://127.0.0.1:${port}`;
  process.stdout.write(`${JSON.stringify({ origin, pid: process.pid, pages, seed })}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
