import { createServer, type Server } from 'node:http';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bandFilterShape } from '../../src/shared/dedup/band-filter.js';
import { acceptedIds, createTestPipeline, type TestPipeline } from '../helpers/pipeline.js';

const VOCABULARY = 'state president visit economy cooperation region energy culture agreement talks people country project investment transport history future trade border water grain rail port bank law court health school youth science'.split(' ');

/** Deterministic prose: the same seed gives the same text. */
function prose(seed: number, words: number): string {
  let state = seed * 2_654_435_761 + 1;
  return Array.from({ length: words }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return VOCABULARY[state % VOCABULARY.length];
  }).join(' ');
}

const STORY = Array.from({ length: 6 }, (_, i) => prose(100 + i, 60));
const OTHER_STORY = Array.from({ length: 6 }, (_, i) => prose(900 + i, 60));

function page(title: string, paragraphs: string[], chrome: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta property="article:published_time" content="2026-11-20T10:00:00Z"></head>
<body><nav class="menu"><a href="/">${chrome}</a> <a href="/news/">News</a></nav>
<main><article><h1>${title}</h1>${paragraphs.map((text) => `<p>${text}.</p>`).join('\n')}</article></main>
<footer>© ${chrome}</footer></body></html>`;
}

const PAGES: Record<string, string> = {
  // The original, its republication elsewhere (other site chrome, a sentence added, one paragraph dropped), and another story.
  '/original.html': page('President visits the region', STORY, 'Akorda'),
  '/republished.html': page('President visits the region (updated)', [`Reporting by our correspondent ${prose(7, 12)}`, ...STORY.slice(0, 5)], 'Outlet'),
  '/other.html': page('Grain trade at the border', OTHER_STORY, 'Outlet'),
};

async function serve(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const body = PAGES[new URL(req.url ?? '/', 'http://x').pathname];
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.each([
  ['with the band-key filter in Redis', '1'],
  ['without it (NEWSFLOW_NEAR_DUPLICATE_FILTER_MB=0)', '0'],
])('near-duplicate clustering through the workers, %s', (_label, filterMb) => {
  let site: Awaited<ReturnType<typeof serve>>;
  let pipeline: TestPipeline;

  beforeAll(async () => {
    site = await serve();
    pipeline = await createTestPipeline({ NEWSFLOW_NEAR_DUPLICATE_FILTER_MB: filterMb, NEWSFLOW_ROBOTS: 'off' });
    await pipeline.start(['all']);
  });

  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
  });

  it('puts a republished copy in the original\'s cluster and another story in its own', async () => {
    await pipeline.waitForOutcomes(acceptedIds(await pipeline.enqueue([`${site.origin}/original.html`])));
    const outcomes = await pipeline.waitForOutcomes(acceptedIds(await pipeline.enqueue([`${site.origin}/republished.html`, `${site.origin}/other.html`])));
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(['stored', 'stored']);

    const byPath = new Map((await pipeline.articles()).map((article) => [new URL(article.url).pathname, article]));
    const original = byPath.get('/original.html')!;
    expect(original.clusterId).toBe(original._id);
    expect(byPath.get('/republished.html')!.clusterId).toBe(original._id);
    expect(byPath.get('/other.html')!.clusterId).toBe(byPath.get('/other.html')!._id);

    const readyKey = `${pipeline.config.queuePrefix}:near-duplicate-filter:${bandFilterShape(1).bits}:ready`;
    const redis = new Redis(pipeline.config.redisUrl);
    try {
      expect(await redis.exists(readyKey)).toBe(filterMb === '0' ? 0 : 1);
    } finally {
      await redis.quit();
    }
  });
});
