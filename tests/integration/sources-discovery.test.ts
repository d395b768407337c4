/**
 * Issue 6 (sources and discovery) through the real pipeline: a source profile seeded like
 * `newsflow enqueue --source press`, crawled through start pages, pagination, related links,
 * robots.txt → sitemap index → gzip and Google News sitemaps, RSS and Atom feeds found on the start
 * pages; scheduled revisits; and provenance from a republishing outlet back to the source.
 * Both sites are local (tests/helpers/press-site.ts) and count every request they get.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliContext } from '../../src/cli/context.js';
import { findSource } from '../../src/cli/sources.js';
import { seedSource, schedulerId } from '../../src/queues/source-schedules.js';
import type { ArticleDocument } from '../../src/shared/document.js';
import { createLogger } from '../../src/shared/logger.js';
import { parseArticleQuery, toMongoQuery } from '../../src/shared/query/article-query.js';
import { loadSources } from '../../src/shared/sources/load.js';
import type { SourceProfile, SourceProfileInput } from '../../src/shared/sources/schema.js';
import { COLLECTIONS } from '../../src/shared/store/collections.js';
import type { FetchRecord } from '../../src/shared/store/outcomes.js';
import { tryCanonicalizeUrl } from '../../src/shared/url/canonicalize.js';
import { startWorkers } from '../../src/workers/runtime.js';
import { acceptedIds, createTestPipeline, type TestPipeline } from '../helpers/pipeline.js';
import { servePressSite, serveOutletSite, type CountingServer, type PressArticle, type PressSite } from '../helpers/press-site.js';

/** Feeds are revisited every 1.8 s so the scheduler can be watched at work within the test. */
const FEEDS_MINUTES = 0.03;
const PAGES_MINUTES = 60;
const SITEMAPS_MINUTES = 60;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function canonical(url: string): string {
  const result = tryCanonicalizeUrl(url);
  if (!result.ok) throw new Error(`cannot canonicalize ${url}: ${result.reason}`);
  return result.url;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(150);
  }
}

describe('sources and discovery: a press site crawled through its profile', () => {
  let site: PressSite;
  let outlet: CountingServer & { articleUrl: string };
  let sourcesDir: string;
  let pipeline: TestPipeline;
  let press: SourceProfile;
  let entryPoints: { url: string; every: number }[];

  const fetches = () => pipeline.db.collection<FetchRecord>(COLLECTIONS.fetches);
  const articles = () => pipeline.db.collection<ArticleDocument>(COLLECTIONS.articles);
  const outcomesOf = async (url: string) => (await fetches().find({ canonicalUrl: canonical(url) }).toArray()).map((record) => record.outcome);
  const storedByUrl = async () => new Map((await pipeline.articles()).map((doc) => [doc.canonicalUrl, doc]));
  const seedOptions = () => ({ trackingParams: pipeline.config.trackingParams, recrawlWindowMs: pipeline.config.recrawlWindowMs, schedule: true });

  beforeAll(async () => {
    site = await servePressSite();
    outlet = await serveOutletSite(site.origin);
    sourcesDir = await mkdtemp(path.join(os.tmpdir(), 'newsflow-sources-'));
    const host = `127.0.0.1:${site.port}`;
    const origin = site.origin.replace(/\./g, '\\.');
    const pressProfile: SourceProfileInput = {
      id: 'press',
      name: 'Akorda',
      aliases: ['Ақорда', 'Акорда'],
      startUrls: site.startUrls,
      allowedHosts: [host],
      languages: ['kk', 'ru', 'en'],
      sitemaps: 'discover',
      feeds: 'discover',
      // Section listings (with ?page=N) and articles; search, print versions and the admin area are out.
      include: [`^${origin}/(kz|ru|en)/events(/|\\?|$)`],
      exclude: ['/search', '[?&]print=', '/admin/'],
      maxDepth: 2,
      recrawl: { startPagesMinutes: PAGES_MINUTES, feedsMinutes: FEEDS_MINUTES, sitemapsMinutes: SITEMAPS_MINUTES },
      timeZone: 'Asia/Almaty',
    };
    const outletProfile: SourceProfileInput = {
      id: 'outlet',
      name: 'Avrasya Gündem',
      startUrls: [`${outlet.origin}/`],
      allowedHosts: [`127.0.0.1:${outlet.port}`],
      languages: ['tr'],
      maxDepth: 0,
    };
    await writeFile(path.join(sourcesDir, 'press.json'), JSON.stringify(pressProfile, null, 2));
    await writeFile(path.join(sourcesDir, 'outlet.json'), JSON.stringify(outletProfile, null, 2));
    press = (await loadSources(sourcesDir)).find((profile) => profile.id === 'press')!;
    entryPoints = [
      ...site.startUrls.map((url) => ({ url, every: PAGES_MINUTES * 60_000 })),
      { url: site.rssUrl, every: FEEDS_MINUTES * 60_000 },
      { url: site.atomUrl, every: FEEDS_MINUTES * 60_000 },
      { url: site.sitemapIndexUrl, every: SITEMAPS_MINUTES * 60_000 },
      { url: `${site.origin}/sitemap.xml`, every: SITEMAPS_MINUTES * 60_000 },
    ];

    pipeline = await createTestPipeline({ NEWSFLOW_SOURCES_DIR: sourcesDir, NEWSFLOW_ALLOW_HOSTS: '127.0.0.1', NEWSFLOW_HOST_MIN_INTERVAL_MS: '0' });
    await pipeline.start();
  }, 20_000);

  afterAll(async () => {
    await pipeline?.close();
    await Promise.all([site?.close(), outlet?.close()]);
    if (sourcesDir) await rm(sourcesDir, { recursive: true, force: true });
  }, 20_000);

  it('stores every in-scope article of the seeded source exactly once, in its section language', async () => {
    const seeded = await seedSource(pipeline.queues.fetch, press, seedOptions());
    expect(seeded.decisions.map((decision) => decision.status)).toEqual(['accepted', 'accepted', 'accepted']);

    const expected = new Map(site.listed.map((article) => [canonical(article.url), article]));
    // Crawl finished: every listed article stored, the list documents parsed, nothing left to do now.
    await waitFor('the crawl of the press site', async () => {
      const stored = await storedByUrl();
      if (![...expected.keys()].every((url) => stored.has(url))) return false;
      for (const url of [site.sitemapIndexUrl, site.gzipSitemapUrl, site.newsSitemapUrl, site.rssUrl, site.atomUrl]) {
        if (!(await outcomesOf(url)).includes('discovered')) return false;
      }
      const fetchCounts = await pipeline.queues.fetch.getJobCounts('waiting', 'active', 'prioritized');
      const parseCounts = await pipeline.queues.parse.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
      const storeCounts = await pipeline.queues.store.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
      return [fetchCounts, parseCounts, storeCounts].every((counts) => Object.values(counts).every((count) => count === 0));
    }, 35_000);

    const docs = (await pipeline.articles()).filter((doc) => doc.sourceId === 'press');
    // Exactly the listed articles: no listing page, no duplicate, nothing unlisted.
    expect(docs.map((doc) => doc.canonicalUrl).sort()).toEqual([...expected.keys()].sort());
    const perUrl = await articles()
      .aggregate<{ _id: string; n: number }>([{ $group: { _id: '$canonicalUrl', n: { $sum: 1 } } }, { $match: { n: { $gt: 1 } } }])
      .toArray();
    expect(perUrl).toEqual([]);
    for (const doc of docs) {
      const article = expected.get(doc.canonicalUrl)!;
      expect({ url: doc.canonicalUrl, sourceId: doc.sourceId, title: doc.title }).toEqual({ url: doc.canonicalUrl, sourceId: 'press', title: article.title });
      // Soft: a wrong language is reported without hiding the assertions that follow.
      expect.soft({ url: doc.canonicalUrl, language: doc.language }).toEqual({ url: doc.canonicalUrl, language: article.language });
      // Fetched once, whether found through a listing, a related link, a feed or a sitemap.
      expect({ path: article.path, hits: site.hitsOf(article.path) }).toEqual({ path: article.path, hits: 1 });
    }
    expect.soft(new Set(docs.map((doc) => doc.language))).toEqual(new Set(['kk', 'ru', 'en']));
    // One outcome per article URL, and it is "stored" (a store retry after a half-done attempt would say "unchanged").
    for (const article of site.listed) {
      expect.soft({ path: article.path, outcomes: await outcomesOf(article.url) }).toEqual({ path: article.path, outcomes: ['stored'] });
    }
    // Listing pages (and their second pages) were crawled, but are not articles.
    for (const startUrl of site.startUrls) {
      expect(await outcomesOf(startUrl)).toContain('not-article');
      expect(await outcomesOf(`${startUrl}?page=2`)).toEqual(['not-article']);
    }
    // Nothing reachable only through the credit or a later feed item has been fetched yet.
    expect(site.hitsOf(site.credited.path)).toBe(0);
    expect(site.hitsOf(site.late.path)).toBe(0);
  }, 45_000);

  it('never requests out-of-scope links (search, print versions, admin, assets)', () => {
    const outOfScope = site.requests.filter((target) => /\/search|[?&]print=|^\/admin\/|\/about$|\.pdf$|^\/(kz|ru|en)$/.test(target));
    expect(outOfScope).toEqual([]);
    for (const link of site.outOfScopeLinks) {
      expect({ link, requested: site.requests.includes(link) }).toEqual({ link, requested: false });
    }
    expect(site.hitsOf('/admin/login')).toBe(0);
  });

  it('reads robots.txt → sitemap index → gzip child and Google News sitemap, and both feeds, as "discovered"', async () => {
    expect(site.hitsOf('/robots.txt')).toBeGreaterThanOrEqual(1);
    for (const url of [site.sitemapIndexUrl, site.gzipSitemapUrl, site.newsSitemapUrl, site.rssUrl, site.atomUrl]) {
      expect({ url, fetched: site.hitsOf(new URL(url).pathname) > 0 }).toEqual({ url, fetched: true });
      const outcomes = await outcomesOf(url);
      expect({ url, outcomes: [...new Set(outcomes)].filter((outcome) => outcome !== 'not-modified') }).toEqual({ url, outcomes: ['discovered'] });
    }
    // "discover" also tries /sitemap.xml, which this site does not have: a recorded 404, nothing more.
    expect(await outcomesOf(`${site.origin}/sitemap.xml`)).toEqual(expect.arrayContaining(['http-4xx']));
    const records = await fetches().find({ canonicalUrl: canonical(site.gzipSitemapUrl) }).toArray();
    expect(records[0]).toMatchObject({ sourceId: 'press', stage: 'parse', httpStatus: 200 });
  });

  it('revisits feeds on schedule with conditional GET, and stores an item added to the feed later', async () => {
    // The feed scheduler has been running since discovery: several visits, the unchanged ones answered 304.
    await waitFor('a second visit of the RSS feed', async () => site.hitsOf('/rss.xml') >= 2, 10_000);
    const before = site.hitsOf('/rss.xml');
    const started = Date.now();
    site.addFeedItem(site.late);
    const late = canonical(site.late.url);
    const doc = await waitFor('the article added to the feed', async () => (await storedByUrl()).get(late), 20_000);
    const pickedUpMs = Date.now() - started;
    expect(pickedUpMs).toBeLessThan(15_000);
    expect(site.hitsOf('/rss.xml')).toBeGreaterThan(before);
    expect(doc).toMatchObject({ sourceId: 'press', title: site.late.title });
    expect.soft(doc.language).toBe('en');
    expect(site.hitsOf(site.late.path)).toBe(1);
    // The document is written before its outcome record: wait for the record.
    const lateOutcomes = await waitFor('the outcome of the added article', async () => {
      const outcomes = await outcomesOf(site.late.url);
      return outcomes.length > 0 && outcomes;
    }, 5_000).catch(() => []);
    expect.soft(lateOutcomes).toEqual(['stored']);
    // Unchanged feed revisits are conditional GETs (ETag) and recorded as such.
    expect(await outcomesOf(site.atomUrl)).toContain('not-modified');
  }, 30_000);

  const schedulerSnapshot = async () =>
    (await pipeline.queues.fetch.getJobSchedulers(0, -1, true))
      .map((scheduler) => ({ key: scheduler.key, every: scheduler.every }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  it('keeps exactly one scheduler per entry point, however often the source is seeded', async () => {
    const expectedIds = entryPoints.map((point) => schedulerId('press', point.url)).sort();
    const first = await schedulerSnapshot();
    expect(first.map((scheduler) => scheduler.key)).toEqual(expectedIds);
    const everyById = new Map(entryPoints.map((point) => [schedulerId('press', point.url), point.every]));
    for (const scheduler of first) expect({ key: scheduler.key, every: scheduler.every }).toEqual({ key: scheduler.key, every: everyById.get(scheduler.key) });

    // Seeded again, twice, and the way `newsflow enqueue --source press` does it: its own
    // connections, the profile looked up by id in NEWSFLOW_SOURCES_DIR. (In-process: spawning the
    // CLI through tsx takes 10+ s on a loaded machine.)
    await seedSource(pipeline.queues.fetch, press, seedOptions());
    await seedSource(pipeline.queues.fetch, press, seedOptions());
    const ctx = new CliContext(pipeline.env);
    try {
      const seeded = await seedSource(ctx.queues().fetch, await findSource(ctx, 'press'), {
        trackingParams: ctx.config.trackingParams,
        recrawlWindowMs: ctx.config.recrawlWindowMs,
        schedule: true,
      });
      expect(seeded.schedulers).toBe(site.startUrls.length);
    } finally {
      await ctx.close();
    }
    await sleep(2_000); // let the workers' own upserts (feeds found on start pages, robots sitemaps) land too
    expect(await schedulerSnapshot()).toEqual(first);
    expect(await pipeline.queues.fetch.getJobSchedulersCount()).toBe(entryPoints.length);
    // Re-seeding did not refetch the articles (the frontier remembers them).
    for (const article of site.listed) expect({ path: article.path, hits: site.hitsOf(article.path) }).toEqual({ path: article.path, hits: 1 });
  }, 30_000);

  it('starts a second set of workers on the same queues and database without multiplying schedulers', async () => {
    const before = await schedulerSnapshot();
    const second = await startWorkers(['all'], pipeline.config, createLogger(pipeline.config.logLevel, { test: 'second-workers' }));
    try {
      await seedSource(pipeline.queues.fetch, press, seedOptions());
      await sleep(2_000); // both worker sets take feed revisits meanwhile
    } finally {
      await second.close(5_000);
    }
    expect(await schedulerSnapshot()).toEqual(before);
  }, 20_000);

  it('links a republished article to the source document it credits', async () => {
    const credited: PressArticle = site.credited;
    const decisions = await pipeline.enqueue([{ url: outlet.articleUrl, sourceId: 'outlet' }]);
    const [record] = await pipeline.waitForOutcomes(acceptedIds(decisions), 15_000);
    expect(record).toBeDefined();
    expect.soft(record?.outcome).toBe('stored');

    const outletDoc = (await storedByUrl()).get(canonical(outlet.articleUrl));
    expect(outletDoc).toMatchObject({ sourceId: 'outlet', authors: ['Zeynep Arslan'] });
    expect.soft(outletDoc!.language).toBe('tr');
    expect(outletDoc!.credits).toContainEqual(expect.objectContaining({ role: 'photo', url: credited.url }));
    expect(outletDoc!.creditDomains).toContain('127.0.0.1');
    const query = toMongoQuery(parseArticleQuery({ credits: '127.0.0.1' }));
    const found = await articles().find(query.filter).sort(query.sort).skip(query.skip).limit(query.limit).toArray();
    expect(found.map((doc) => doc.canonicalUrl)).toEqual([canonical(outlet.articleUrl)]);
    // The credit names the press site's page (host and port), not the outlet, though both run on 127.0.0.1.
    expect(outletDoc!.provenance).toContainEqual(expect.objectContaining({ role: 'photo', url: credited.url, sourceId: 'press', domain: '127.0.0.1' }));

    // The credit brought the source's own page in: fetched once, stored under the source.
    const sourceDoc = await waitFor('the credited source article', async () => (await storedByUrl()).get(canonical(credited.url)), 15_000);
    expect(sourceDoc).toMatchObject({ sourceId: 'press', title: credited.title });
    expect.soft(sourceDoc.language).toBe('ru');
    expect(site.hitsOf(credited.path)).toBe(1);
    // The source's document does not credit anyone: the credits query still finds the outlet's only.
    const again = await articles().find(query.filter).toArray();
    expect(again.map((doc) => doc.canonicalUrl)).toEqual([canonical(outlet.articleUrl)]);
  }, 30_000);
});
