import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { PipelineQueues } from '../../src/queues/index.js';
import { createApiServer } from '../../src/api/server.js';
import { CliContext } from '../../src/cli/context.js';
import { buildArticleDocument, type AliasRecord, type ArticleDocument, type RevisionRecord } from '../../src/shared/document.js';
import type { ExtractedArticle } from '../../src/shared/extract/types.js';
import { searchTerms } from '../../src/shared/search-terms.js';
import { aliasesCollection, articlesCollection, revisionsCollection } from '../../src/shared/store/articles.js';
import { recordOutcome } from '../../src/shared/store/outcomes.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MONGO_BASE = (process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/newsflow').replace(/\/[^/]*$/, '');

/**
 * The API on a database and queue prefix of its own, listening on a free port of 127.0.0.1. No
 * workers: the API only reads what they stored, so tests store it directly.
 */
export interface TestApi {
  /** The environment of this API's database and queues, for running the CLI against them. */
  env: Record<string, string>;
  ctx: CliContext;
  db: Db;
  queues: PipelineQueues;
  app: FastifyInstance;
  origin: string;
  close(): Promise<void>;
}

export async function startTestApi(options: { token?: string } = {}): Promise<TestApi> {
  const id = randomBytes(4).toString('hex');
  const env = {
    REDIS_URL,
    MONGODB_URL: `${MONGO_BASE}/newsflow_apitest_${id}`,
    NEWSFLOW_QUEUE_PREFIX: `nfapitest-${id}`,
    NEWSFLOW_LOG_LEVEL: process.env.NEWSFLOW_TEST_LOG_LEVEL ?? 'silent',
    NEWSFLOW_SOURCES_DIR: path.resolve(import.meta.dirname, '../../sources'),
  };
  const ctx = new CliContext(env);
  const db = await ctx.db();
  const app = await createApiServer({ ctx, token: options.token ?? null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    env,
    ctx,
    db,
    queues: ctx.queues(),
    app,
    origin: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      const redis = new Redis(ctx.config.redisUrl);
      const keys = await redis.keys(`${ctx.config.queuePrefix}:*`);
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
      await redis.quit();
      await db.dropDatabase();
      await ctx.close();
    },
  };
}

const ORIGIN = 'http://127.0.0.1:8765';

function extracted(fields: Partial<ExtractedArticle> & Pick<ExtractedArticle, 'title' | 'bodyText' | 'bodyHtml'>): ExtractedArticle {
  return {
    lead: null, siteName: null, section: null, tags: [], authors: [], credits: [], publishedAt: null, modifiedAt: null,
    language: null, canonicalUrl: null, ampUrl: null, images: [], relatedLinks: [], outlinks: [], pageType: 'article',
    pageTypeConfidence: 0.9, ...fields,
  };
}

function article(key: string, url: string, fields: Parameters<typeof extracted>[0], extra: Partial<ArticleDocument> = {}): ArticleDocument {
  const fetchedAt = new Date('2024-10-11T08:00:00Z');
  return {
    ...buildArticleDocument({
      article: extracted(fields),
      url,
      canonicalUrl: url,
      urlKey: key,
      finalUrl: url,
      pageId: key,
      sourceId: null,
      httpStatus: 200,
      contentType: 'text/html; charset=utf-8',
      fetchedAt,
      contentFingerprint: `fp-${key}`,
      simhash: '0000000000000000',
      minhash: '',
      fetchJobId: `job-${key}`,
      terms: searchTerms(fields.title, fields.bodyText),
      provenance: [],
    }),
    ...extra,
  };
}

/** Ids and titles the tests assert on. */
export const FIXTURE = {
  tokayev: { id: 'tokayev-tr', title: 'Cumhurbaşkanı Tokayev’in Türkmenistan Ziyareti' },
  akorda: { id: 'tokayev-kk', title: 'Мемлекет басшысы Түрікменстанға сапармен барды' },
  kazan: { id: 'kazan-ru', title: 'В Казани открылся Дворец детского творчества' },
  english: { id: 'saratov-en', title: 'Start your own business in Saratov' },
} as const;

/**
 * Four stored articles: a Turkish republication of an akorda.kz story and that story itself (one
 * cluster, the copy also recorded as an alias), a Russian and an English article on other subjects.
 * The English body carries markup the dashboard must not render (script, handlers, javascript: URLs).
 */
export function fixtureArticles(): ArticleDocument[] {
  const tokayev = article(FIXTURE.tokayev.id, `${ORIGIN}/haber/2024/10/tokayev-turkmenistan-ziyareti.html`, {
    title: FIXTURE.tokayev.title,
    lead: 'Kazakistan Cumhurbaşkanı Tokayev Türkmenistan’a resmi ziyaret gerçekleştirdi.',
    bodyText: 'Kazakistan Cumhurbaşkanı Kasım-Cömert Tokayev Türkmenistan’a resmi ziyaret gerçekleştirdi.\n\nEkonomik İşbirliği ve Ulaştırma Altyapısı görüşmelerin merkezindeydi.',
    bodyHtml: '<p>Kazakistan Cumhurbaşkanı Kasım-Cömert Tokayev Türkmenistan’a resmi ziyaret gerçekleştirdi.</p><h2>Ekonomik İşbirliği ve Ulaştırma Altyapısı</h2><p>Görüşmelerin <strong>merkezindeydi</strong>.</p>',
    language: 'tr',
    authors: ['Abdullah Yiğit'],
    publishedAt: '2024-10-10T11:30:00.000Z',
    siteName: 'Avrasya Haber',
    section: 'Dünya',
    credits: [{ role: 'photo', name: 'Akorda', url: 'https://www.akorda.kz/kz' }],
    relatedLinks: [
      { url: `${ORIGIN}/haber/2024/10/yugra-fotograf-sergisi.html`, title: 'Yugra’da fotoğraf sergisi açıldı' },
      { url: `${ORIGIN}/haber/2024/10/kazan-cocuk-yaraticiligi-sarayi.html`, title: 'Kazan’da Çocuk Yaratıcılığı Sarayı açıldı' },
    ],
  }, {
    clusterId: FIXTURE.akorda.id,
    provenance: [{ role: 'photo', name: 'Akorda', url: 'https://www.akorda.kz/kz', domain: 'akorda.kz', sourceId: 'akorda' }],
    creditDomains: ['akorda.kz'],
    revisionCount: 1,
  });
  const akorda = article(FIXTURE.akorda.id, 'https://www.akorda.kz/kz/memleket-basshysy-turikmenstanga-saparmen-bardy', {
    title: FIXTURE.akorda.title,
    bodyText: 'Мемлекет басшысы Қасым-Жомарт Тоқаев Түрікменстанға ресми сапармен барды.',
    bodyHtml: '<p>Мемлекет басшысы Қасым-Жомарт Тоқаев Түрікменстанға ресми сапармен барды.</p>',
    language: 'kk',
    publishedAt: '2024-10-10T06:00:00.000Z',
  }, { sourceId: 'akorda', fetchedAt: new Date('2024-10-12T09:30:00Z') });
  const kazan = article(FIXTURE.kazan.id, `${ORIGIN}/haber/2024/10/kazan-cocuk-yaraticiligi-sarayi.html`, {
    title: FIXTURE.kazan.title,
    bodyText: 'В Казани после реконструкции открылся Дворец детского творчества.',
    bodyHtml: '<p>В Казани после реконструкции открылся Дворец детского творчества.</p>',
    language: 'ru',
    authors: ['Ирина Петрова'],
    publishedAt: '2024-10-09T10:00:00.000Z',
  });
  const english = article(FIXTURE.english.id, `${ORIGIN}/haber/2024/10/kendi-isini-kur-saratov.html`, {
    title: FIXTURE.english.title,
    bodyText: 'Young people in Saratov can get a grant to start a business.',
    bodyHtml: '<p onclick="alert(1)">Young people in Saratov can get a grant <a href="javascript:alert(2)">to start</a> a business.</p><script>window.__pwned = true</script><img src=x onerror="window.__pwned = true">',
    language: 'en',
    publishedAt: '2024-10-08T10:00:00.000Z',
  });
  return [tokayev, akorda, kazan, english];
}

/** `count` simple English articles, one a minute apart (for exports bigger than one cursor batch). */
export function manyArticles(count: number): ArticleDocument[] {
  return Array.from({ length: count }, (_, index) => {
    const number = String(index).padStart(5, '0');
    return article(`bulk-${number}`, `${ORIGIN}/bulk/${number}.html`, {
      title: `Bulk article ${number}, "quoted", with a comma`,
      bodyText: `Body of bulk article ${number}.\n\nSecond paragraph.`,
      bodyHtml: `<p>Body of bulk article ${number}.</p><p>Second paragraph.</p>`,
      language: index % 2 === 0 ? 'en' : 'de',
      publishedAt: new Date(Date.UTC(2024, 0, 1) + index * 60_000).toISOString(),
    });
  });
}

/** The Turkish article was also seen under its AMP URL, and its text changed once. */
export function fixtureAliases(): AliasRecord[] {
  return [{ _id: 'tokayev-amp', articleId: FIXTURE.tokayev.id, url: `${ORIGIN}/amp/tokayev-turkmenistan-ziyareti.html`, reason: 'same-page', seenAt: new Date('2024-10-11T08:00:00Z') }];
}

export function fixtureRevisions(): RevisionRecord[] {
  const base = { articleId: FIXTURE.tokayev.id, simhash: '0000000000000000', fetchJobId: 'job-tokayev-tr' };
  return [
    { ...base, _id: `${FIXTURE.tokayev.id}:0`, n: 0, fingerprint: 'fp-tokayev-tr-first', seenAt: new Date('2024-10-10T12:00:00Z') },
    { ...base, _id: `${FIXTURE.tokayev.id}:1`, n: 1, fingerprint: `fp-${FIXTURE.tokayev.id}`, seenAt: new Date('2024-10-11T08:00:00Z') },
  ];
}

export async function seedArticles(db: Db): Promise<ArticleDocument[]> {
  const docs = fixtureArticles();
  await articlesCollection(db).insertMany(docs);
  await aliasesCollection(db).insertMany(fixtureAliases());
  await revisionsCollection(db).insertMany(fixtureRevisions());
  return docs;
}

/** Outcome records within the last hour (for the timeline) plus two failures with reasons. */
export async function seedOutcomes(db: Db, now = new Date()): Promise<void> {
  const base = { canonicalUrl: null, urlKey: null, finalUrl: null, sourceId: null, attempts: 1, articleId: null, enqueuedAt: null };
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  await recordOutcome(db, { ...base, _id: 'o1', url: `${ORIGIN}/a`, outcome: 'stored', stage: 'store', httpStatus: 200, error: null, finishedAt: minutesAgo(2) });
  await recordOutcome(db, { ...base, _id: 'o2', url: `${ORIGIN}/b`, outcome: 'stored', stage: 'store', httpStatus: 200, error: null, finishedAt: minutesAgo(3) });
  await recordOutcome(db, { ...base, _id: 'o3', url: `${ORIGIN}/c`, outcome: 'duplicate', stage: 'store', httpStatus: 200, error: null, finishedAt: minutesAgo(22) });
  await recordOutcome(db, { ...base, _id: 'o4', url: `${ORIGIN}/missing.html`, outcome: 'http-4xx', stage: 'fetch', httpStatus: 404, error: 'HTTP 404 Not Found', finishedAt: minutesAgo(7) });
  await recordOutcome(db, { ...base, _id: 'o5', url: `${ORIGIN}/slow.html`, outcome: 'timeout', stage: 'fetch', httpStatus: null, error: 'no response within 20000 ms', finishedAt: minutesAgo(40) });
  await recordOutcome(db, { ...base, _id: 'o6', url: `${ORIGIN}/old.html`, outcome: 'stored', stage: 'store', httpStatus: 200, error: null, finishedAt: minutesAgo(24 * 60) });
}

/** A job in the fetch queue's failed set, failed by a throwaway worker as the real one would fail a 404. */
export async function seedFailedFetchJob(api: TestApi, url: string): Promise<string> {
  const { config } = api.ctx;
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const job = await api.queues.fetch.add('fetch', { url, canonicalUrl: url, urlKey: 'failing', depth: 0, origin: 'cli', enqueuedAt: Date.now() }, { attempts: 1 });
  const worker = new Worker(api.queues.fetch.name, async () => {
    throw new UnrecoverableError('HTTP 404 Not Found');
  }, { connection, prefix: config.queuePrefix });
  try {
    const deadline = Date.now() + 10_000;
    while (!(await job.isFailed())) {
      if (Date.now() > deadline) throw new Error('the seeded job did not fail in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await worker.close();
    await connection.quit();
  }
  return job.id!;
}
