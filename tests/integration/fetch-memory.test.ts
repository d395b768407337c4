import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPageFetcher } from '../../src/shared/fetch/fetch-page.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const PAGE = `<!doctype html><html><head><title>t</title></head><body>${'<p>news text </p>'.repeat(200)}</body></html>`;

describe('fetching many pages', () => {
  let server: http.Server;
  let origin: string;

  beforeAll(async () => {
    server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('keeps nothing of a finished request: memory does not grow with the number of pages (each job brings its own abort signal)', async () => {
    const fetcher = createPageFetcher({ allowList: ['127.0.0.1'] });
    const fetchBatch = async (count: number) => {
      for (let i = 0; i < count; i += 10) {
        // Like the fetch worker: one abort signal per job, alive while the job runs.
        await Promise.all(Array.from({ length: 10 }, (_, j) => fetcher.fetchPage(`${origin}/a/${i + j}`, { signal: new AbortController().signal })));
      }
    };
    await fetchBatch(300);
    gc();
    const before = process.memoryUsage().heapUsed;
    await fetchBatch(3000);
    gc();
    const grownMb = (process.memoryUsage().heapUsed - before) / 1048576;
    // A retained request costs ~20 KB (got Request + ClientRequest + IncomingMessage + timers):
    // 3,000 of them would be ~60 MB.
    expect(grownMb).toBeLessThan(15);
  }, 120_000);
});
