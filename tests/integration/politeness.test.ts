import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../../src/shared/fetch/errors.js';
import { createPageFetcher } from '../../src/shared/fetch/fetch-page.js';
import { createHostLimiter } from '../../src/shared/politeness/host-limiter.js';
import { createRobotsGate, robotsFetcherFrom } from '../../src/shared/politeness/robots.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const prefix = `test:politeness:${randomUUID()}:`;
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
});

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function gapsOf(times: number[]): number[] {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted.slice(1).map((t, i) => t - sorted[i]!);
}

/** Child-process "worker": N concurrent loops sharing one ioredis connection, like a BullMQ worker. */
const WORKER_SCRIPT = `
import http from 'node:http';
import { Redis } from 'ioredis';
const { createHostLimiter } = await import(process.env.LIMITER_MODULE);
const redis = new Redis(process.env.REDIS_URL);
const limiter = createHostLimiter({ redis, keyPrefix: process.env.PREFIX });
const urls = JSON.parse(process.env.URLS);
const concurrency = Number(process.env.CONCURRENCY);
const agent = new http.Agent({ keepAlive: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const get = (url, headers = {}) => new Promise((resolve, reject) => {
  http.get(url, { agent, headers }, (res) => { res.resume(); res.on('end', resolve); res.on('error', reject); }).on('error', reject);
});
let denied = 0;
// Warm up (socket pool, JIT, script cache) and wait for the parent's "go", so cold-start latency
// of one process does not show up at the server as two requests arriving back to back.
await Promise.all(Array.from({ length: concurrency }, () => get(process.env.WARMUP_URL)));
const warm = await limiter.tryAcquire('warmup.invalid', { minIntervalMs: 0 });
if (warm.granted) await warm.release();
process.stdout.write('ready\\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
async function worker() {
  for (let url = urls.shift(); url !== undefined; url = urls.shift()) {
    for (;;) {
      const slot = await limiter.tryAcquire('127.0.0.1', { maxConcurrent: 2, minIntervalMs: 50, leaseMs: 10000 });
      if (!slot.granted) { denied++; await sleep(slot.waitMs); continue; }
      try { await get(url, { 'x-granted-at': String(slot.grantedAtMs) }); } finally { await slot.release(); }
      break;
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
process.stdout.write(JSON.stringify({ denied }) + '\\n');
process.stdin.destroy();
agent.destroy();
await redis.quit();
`;

describe('host limiter across processes', () => {
  it('never exceeds 2 in flight nor starts two requests to a host within 50 ms', async () => {
    const starts: number[] = [];
    const grants: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const site = await listen((req, res) => {
      if (req.url === '/warmup') {
        res.end('ok');
        return;
      }
      starts.push(performance.now());
      grants.push(Number(req.headers['x-granted-at']));
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // Slow enough that requests overlap, so the concurrency cap is actually exercised.
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(req.url);
      }, 80);
    });
    try {
      const urls = Array.from({ length: 100 }, (_, i) => `${site.url}/article/${i}`);
      let readyCount = 0;
      const children: Array<import('node:child_process').ChildProcess> = [];
      const runChild = (slice: string[]) =>
        new Promise<{ denied: number }>((resolve, reject) => {
          // Evaluated with the repo as cwd so 'ioredis' and 'tsx' resolve from its node_modules.
          const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', WORKER_SCRIPT], {
            cwd: repoRoot,
            env: {
              ...process.env,
              REDIS_URL,
              PREFIX: prefix,
              URLS: JSON.stringify(slice),
              WARMUP_URL: `${site.url}/warmup`,
              CONCURRENCY: '4',
              LIMITER_MODULE: pathToFileURL(path.join(repoRoot, 'src/shared/politeness/host-limiter.ts')).href,
            },
            stdio: ['pipe', 'pipe', 'pipe'],
          });
          children.push(child);
          let out = '';
          let err = '';
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            if (out.startsWith('ready\n') && !out.includes('"denied"') && (readyCount += 1) === 2) {
              for (const c of children) c.stdin?.write('go\n');
            }
          });
          child.stderr.on('data', (d: Buffer) => (err += d.toString()));
          child.on('error', reject);
          child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length)) as { denied: number }) : reject(new Error(`worker exited ${code}: ${err}`))));
        });
      const results = await Promise.all([runChild(urls.slice(0, 50)), runChild(urls.slice(50))]);

      expect(starts).toHaveLength(100);
      expect(maxInFlight).toBeLessThanOrEqual(2);
      expect(maxInFlight).toBe(2); // the cap was reached, i.e. the test exercised it
      const sorted = [...starts].sort((a, b) => a - b);
      const gaps = sorted.slice(1).map((t, i) => t - sorted[i]!);
      // Grants are spaced >= 50 ms on the Redis clock; the server sees them after a network hop
      // whose latency varies by a few ms, hence 5 ms of tolerance at the server.
      // The limiter's decisions, as seen by the server: the grant timestamps (Redis clock, integer
      // ms) each request carried. These must be >= 50 ms apart with no tolerance at all.
      const grantGaps = gapsOf(grants);
      expect(Math.min(...grantGaps)).toBeGreaterThanOrEqual(50);
      // Arrival times at the server add the network hop, whose latency varies with machine load:
      // on an idle machine the smallest arrival gap is within ~5 ms of 50, but on a busy CI box one
      // request can land 20-30 ms late (its neighbouring gap then grows by as much). So arrivals are
      // checked on their overall rate: 100 starts span at least 99 intervals, less 5 ms.
      const arrivals = [...starts].sort((a, b) => a - b);
      expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(99 * 50 - 5);
      expect(results.reduce((n, r) => n + r.denied, 0)).toBeGreaterThan(0);
    } finally {
      await site.close();
    }
  });

  it('frees the slot of a crashed worker when its lease expires', async () => {
    const limiter = createHostLimiter({ redis, keyPrefix: prefix });
    const limits = { maxConcurrent: 1, minIntervalMs: 0, leaseMs: 300 };
    const first = await limiter.tryAcquire('lease.example', limits);
    expect(first.granted).toBe(true); // …and never released
    const second = await limiter.tryAcquire('lease.example', limits);
    expect(second.granted).toBe(false);
    if (!second.granted) expect(second.waitMs).toBeLessThanOrEqual(300);
    await new Promise((r) => setTimeout(r, 350));
    const third = await limiter.tryAcquire('lease.example', limits);
    expect(third.granted).toBe(true);
    if (third.granted) await third.release();
  });

  it('releasing a slot lets the next caller in at once', async () => {
    const limiter = createHostLimiter({ redis, keyPrefix: prefix });
    const limits = { maxConcurrent: 1, minIntervalMs: 0, leaseMs: 60_000 };
    const first = await limiter.tryAcquire('release.example', limits);
    expect((await limiter.tryAcquire('release.example', limits)).granted).toBe(false);
    if (first.granted) await first.release();
    const next = await limiter.tryAcquire('release.example', limits);
    expect(next.granted).toBe(true);
    if (next.granted) await next.release();
  });

  it('pauseHost makes tryAcquire wait until the pause is over', async () => {
    const limiter = createHostLimiter({ redis, keyPrefix: prefix });
    await limiter.pauseHost('paused.example', 5000);
    const denied = await limiter.tryAcquire('paused.example', { minIntervalMs: 0 });
    expect(denied.granted).toBe(false);
    if (!denied.granted) {
      expect(denied.waitMs).toBeGreaterThan(4000);
      expect(denied.waitMs).toBeLessThanOrEqual(5000);
    }
    // A shorter pause does not shorten the running one.
    await limiter.pauseHost('paused.example', 100);
    const still = await limiter.tryAcquire('paused.example', { minIntervalMs: 0 });
    expect(still.granted).toBe(false);
    // Other hosts are unaffected.
    const other = await limiter.tryAcquire('unpaused.example', { minIntervalMs: 0 });
    expect(other.granted).toBe(true);
    if (other.granted) await other.release();
  });
});

describe('robots gate', () => {
  const robotsHits = new Map<string, number>();
  const sites: Record<string, { url: string; close(): Promise<void> }> = {};
  const robotsBodies: Record<string, { status: number; body: string }> = {
    rules: {
      status: 200,
      body: 'User-agent: *\nDisallow: /private\nCrawl-delay: 2\n\nUser-agent: otherbot\nDisallow: /\n\nSitemap: https://news.example/sitemap.xml\n',
    },
    missing: { status: 404, body: 'not found' },
    broken: { status: 500, body: 'oops' },
    throttled: { status: 429, body: 'slow down' },
    // The only rule sits past the 500 KiB RFC 9309 parsing limit, so it must be ignored.
    huge: { status: 200, body: `User-agent: *\n${'# padding\n'.repeat(60_000)}Disallow: /\n` },
  };
  const fetcher = createPageFetcher({ allowList: ['127.0.0.1'], timeouts: { totalMs: 5000 } });
  const makeGate = () =>
    createRobotsGate({ redis, keyPrefix: prefix, fetchRobots: robotsFetcherFrom(fetcher), userAgent: 'newsflow/0.1 (+https://example.invalid/bot)' });

  beforeAll(async () => {
    for (const [name, robots] of Object.entries(robotsBodies)) {
      sites[name] = await listen((req, res) => {
        if (req.url === '/robots.txt') {
          robotsHits.set(name, (robotsHits.get(name) ?? 0) + 1);
          res.writeHead(robots.status, { 'content-type': 'text/plain' });
          res.end(robots.body);
          return;
        }
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>page</body></html>');
      });
    }
  });

  afterAll(async () => {
    await Promise.all(Object.values(sites).map((s) => s.close()));
  });

  it('disallows a disallowed path, allows the rest, and reports Crawl-delay and sitemaps', async () => {
    const gate = makeGate();
    const base = sites.rules!.url;
    expect(await gate.check(`${base}/private/story`)).toEqual({ allowed: false, crawlDelayMs: 2000 });
    expect(await gate.check(`${base}/news/story`)).toEqual({ allowed: true, crawlDelayMs: 2000 });
    expect(await gate.sitemaps(base)).toEqual(['https://news.example/sitemap.xml']);
  });

  it('shares the cached robots.txt through Redis: another worker does not refetch it', async () => {
    const otherWorker = makeGate();
    expect((await otherWorker.check(`${sites.rules!.url}/private/x`)).allowed).toBe(false);
    expect(robotsHits.get('rules')).toBe(1);
    const ttl = await redis.ttl(`${prefix}robots:${sites.rules!.url}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(24 * 3600);
  });

  it('allows everything when robots.txt is 404', async () => {
    expect(await makeGate().check(`${sites.missing!.url}/anything`)).toEqual({ allowed: true });
  });

  it('fails transiently while robots.txt answers 500, and remembers that for a short while', async () => {
    const gate = makeGate();
    const err = await gate.check(`${sites.broken!.url}/story`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err).toMatchObject({ code: 'http-5xx', permanent: false });
    const again = await makeGate().check(`${sites.broken!.url}/story`).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'http-5xx', permanent: false });
    expect(robotsHits.get('broken')).toBe(1);
    const ttl = await redis.ttl(`${prefix}robots:${sites.broken!.url}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('treats a throttled (429) robots.txt as "come back later", not as "no rules"', async () => {
    const err = await makeGate().check(`${sites.throttled!.url}/story`).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'http-4xx', permanent: false });
  });

  it('parses only the first 500 KiB of robots.txt', async () => {
    expect((await makeGate().check(`${sites.huge!.url}/story`)).allowed).toBe(true);
  });

  it('blocks a page fetch through the fetcher hook with robots-disallowed', async () => {
    const gate = makeGate();
    const guarded = createPageFetcher({ allowList: ['127.0.0.1'], beforeRequest: (url) => gate.check(url) });
    const err = await guarded.fetchPage(`${sites.rules!.url}/private/story`).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'robots-disallowed', permanent: true });
    const ok = await guarded.fetchPage(`${sites.rules!.url}/news/story`);
    expect(ok.html).toContain('page');
  });
});
