import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleDocumentFor } from '../../src/shared/article-document.js';
import type { ExtractedArticle } from '../../src/shared/extract/types.js';
import { aliasesCollection, articlesCollection, revisionsCollection, storeArticle } from '../../src/shared/store/articles.js';
import { clusterNewArticle } from '../../src/shared/store/clusters.js';
import { articleIdForUrl, loadArticleDetails } from '../../src/shared/store/article-details.js';
import { ensureIndexes } from '../../src/shared/store/collections.js';
import { ensureNearDuplicateIndexes } from '../../src/shared/dedup/near-duplicate-index.js';
import { canonicalizeUrl } from '../../src/shared/url/canonicalize.js';
import { parseArticleQuery, toMongoQuery } from '../../src/shared/query/article-query.js';
import { MONGO_BASE } from '../helpers/pipeline.js';

const STORY = [
  'Kazakistan Cumhurbaşkanı Kasım-Cömert Tokayev, 10 Ekim 2024 tarihinde Türkmenistan’a önemli bir resmi ziyaret gerçekleştirdi.',
  'Bu ziyaret, iki Orta Asya ülkesi arasındaki ikili ilişkilerin derinleşmesi açısından büyük bir adım olarak değerlendiriliyor.',
  'Tokayev, Türkmenistan Cumhurbaşkanı Serdar Berdimuhammedov ile yaptığı görüşmelerde ticari işbirliğinin artırılmasının önemini vurguladı.',
  'Görüşmelerin merkezinde iki ülkeyi birbirine bağlayan ulaşım ve lojistik koridorlarının modernizasyonu yer aldı.',
  'Enerji alanındaki projeler de önemli bir gündem maddesiydi ve bölgesel enerji güvenliği açısından önemli görülüyor.',
  'Aşkabat’ta ünlü Kazak şairi Abay Kunanbayev’in anıtının açılışı iki ülke halkları arasındaki tarihi bağları simgeledi.',
  'Liderler siyasi ve ekonomik alanlarda işbirliğini derinleştirme gerekliliğini vurguladı ve ortak adımların önemini belirtti.',
  'Sonuç olarak bu ziyaret iki ülkenin kalkınmasına katkı sağlayacak stratejik bir ortaklık sürecini yeni bir seviyeye taşıdı.',
].join('\n\n');

function article(bodyText: string, overrides: Partial<ExtractedArticle> = {}): ExtractedArticle {
  return {
    title: 'Tokayev Türkmenistan’da', lead: null, siteName: null, section: null, tags: [], authors: [], credits: [],
    publishedAt: '2024-10-10T11:30:00.000Z', modifiedAt: null, language: 'tr', bodyText, bodyHtml: '', canonicalUrl: null,
    ampUrl: null, images: [], relatedLinks: [], outlinks: [], pageType: 'article', pageTypeConfidence: 0.9, ...overrides,
  };
}

function docFor(url: string, text: string, fetchedAt: Date, fetchJobId = randomBytes(6).toString('hex')) {
  const canonicalUrl = canonicalizeUrl(url);
  return articleDocumentFor(article(text), {
    url, canonicalUrl, finalUrl: url, pageId: 'p', sourceId: null, httpStatus: 200, contentType: 'text/html',
    fetchedAt, fetchJobId,
  }, []);
}

describe('deduplication in MongoDB (exact copies, revisions, near-duplicates)', () => {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = await MongoClient.connect(`${MONGO_BASE}/newsflow_test_dedup_${randomBytes(4).toString('hex')}`);
    db = client.db();
    await ensureIndexes(db);
    await ensureNearDuplicateIndexes(db);
  });
  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('stores a second URL with the same text as an alias of the first document, with the time it was seen', async () => {
    const first = await storeArticle(db, docFor('https://outlet-a.example/haber/1', STORY, new Date('2024-10-10T12:00:00Z')), { maxRevisions: 5 });
    const copy = await storeArticle(db, docFor('https://outlet-b.example/news/abc?utm_source=x', `  ${STORY.toUpperCase()}!!! `, new Date('2024-10-10T13:00:00Z')), { maxRevisions: 5 });
    expect(first.kind).toBe('stored');
    expect(copy).toEqual({ kind: 'duplicate', articleId: first.articleId });
    expect(await articlesCollection(db).countDocuments({})).toBe(1);
    const aliases = await aliasesCollection(db).find({ articleId: first.articleId }).toArray();
    expect(aliases).toEqual([expect.objectContaining({ url: 'https://outlet-b.example/news/abc', reason: 'exact-copy', seenAt: new Date('2024-10-10T13:00:00Z') })]);
  });

  it('produces one document and no duplicate aliases when many workers store copies at the same moment', async () => {
    const text = `${STORY}\n\nEk paragraf: eşzamanlı kopya testi.`;
    const urls = Array.from({ length: 12 }, (_, index) => `https://copy-${index % 4}.example/story`);
    const results = await Promise.all(urls.map((url) => storeArticle(db, docFor(url, text, new Date()), { maxRevisions: 5 })));
    const stored = results.filter((result) => result.kind === 'stored');
    expect(stored).toHaveLength(1);
    expect(await articlesCollection(db).countDocuments({ contentFingerprint: docFor(urls[0]!, text, new Date()).contentFingerprint })).toBe(1);
    expect(new Set(results.map((result) => result.articleId))).toEqual(new Set([stored[0]!.articleId]));
    const aliases = await aliasesCollection(db).find({ articleId: stored[0]!.articleId }).toArray();
    expect(aliases.map((alias) => alias.url).sort()).toHaveLength(3);
    expect(new Set(aliases.map((alias) => alias.url)).size).toBe(3);
  });

  it('updates a document in place when its URL shows changed text, keeping a bounded history without lost updates', async () => {
    const url = 'https://revised.example/haber/2';
    await storeArticle(db, docFor(url, `${STORY}\n\nSürüm 0.`, new Date('2024-10-10T12:00:00Z')), { maxRevisions: 3 });
    const versions = Array.from({ length: 6 }, (_, index) => docFor(url, `${STORY}\n\nSürüm ${index + 1}.`, new Date(Date.UTC(2024, 9, 10, 13 + index))));
    const results = await Promise.all(versions.map((version) => storeArticle(db, version, { maxRevisions: 3 })));
    expect(results.every((result) => result.kind === 'revised')).toBe(true);
    const doc = await articlesCollection(db).findOne({ _id: versions[0]!._id });
    expect(doc!.revisionCount).toBe(6);
    const history = await revisionsCollection(db).find({ articleId: doc!._id }).sort({ n: 1 }).toArray();
    expect(history.map((revision) => revision.n)).toEqual([4, 5, 6]);
    expect(history.at(-1)!.fingerprint).toBe(doc!.contentFingerprint);
    expect(new Set(history.map((revision) => revision.fingerprint)).size).toBe(3);

    const again = await storeArticle(db, docFor(url, doc!.bodyText, new Date()), { maxRevisions: 3 });
    expect(again.kind).toBe('unchanged');
  });

  it('puts the newest revision back when an older revision\'s late write lands after it', async () => {
    // FerretDB applies a guarded update as a read, then a write: another worker's update of an
    // older revision can land after ours. Here that late write is made by hand.
    const url = 'https://revised.example/haber/late';
    const first = docFor(url, `${STORY}\n\nİlk sürüm.`, new Date('2024-10-10T12:00:00Z'));
    await storeArticle(db, first, { maxRevisions: 3 });
    const newest = docFor(url, `${STORY}\n\nEn yeni sürüm.`, new Date('2024-10-10T14:00:00Z'));
    const storing = storeArticle(db, newest, { maxRevisions: 3 });
    const articles = articlesCollection(db);
    while ((await articles.findOne({ _id: newest._id }))?.revisionCount !== 1) await new Promise((resolve) => setTimeout(resolve, 5));
    await articles.updateOne({ _id: newest._id }, { $set: { revisionCount: 0, contentFingerprint: first.contentFingerprint, bodyText: first.bodyText } });
    expect(await storing).toMatchObject({ kind: 'revised', revisionCount: 1 });
    const stored = await articles.findOne({ _id: newest._id });
    expect(stored).toMatchObject({ revisionCount: 1, contentFingerprint: newest.contentFingerprint, bodyText: newest.bodyText });
  });

  it('recognises its own earlier write when a store job is retried', async () => {
    const doc = docFor('https://retry.example/x', `${STORY}\n\nYeniden deneme.`, new Date(), 'job-1');
    expect((await storeArticle(db, doc, { maxRevisions: 3 })).kind).toBe('stored');
    expect((await storeArticle(db, doc, { maxRevisions: 3 })).kind).toBe('stored');
  });

  it('puts a lightly edited republication in the cluster of the earliest version, and finds it with --cluster', async () => {
    const original = docFor('https://akorda.example/kz/news/tokayev-visit', `${STORY}\n\nKüme testi.`, new Date('2024-10-10T09:00:00Z'));
    expect((await storeArticle(db, original, { maxRevisions: 3 })).kind).toBe('stored');
    const originalCluster = await clusterNewArticle(db, original, { maxHamming: 3, minJaccard: 0.5 });
    expect(originalCluster).toBe(original._id);

    const edited = docFor(
      'https://republisher.example/haber/tokayev',
      `${STORY.replace('önemli bir resmi ziyaret', 'önemli bir resmî ziyaret')}\n\nKüme testi.\n\nBizi Telegram’da takip edin.`,
      new Date('2024-10-11T09:00:00Z'),
    );
    expect((await storeArticle(db, edited, { maxRevisions: 3 })).kind).toBe('stored');
    expect(await clusterNewArticle(db, edited, { maxHamming: 3, minJaccard: 0.5 })).toBe(original._id);

    const unrelated = docFor('https://other.example/sport', 'Futbol maçında ev sahibi takım son dakikada attığı golle galip geldi. '.repeat(20), new Date());
    await storeArticle(db, unrelated, { maxRevisions: 3 });
    expect(await clusterNewArticle(db, unrelated, { maxHamming: 3, minJaccard: 0.5 })).toBe(unrelated._id);

    const { filter } = toMongoQuery(parseArticleQuery({ cluster: original._id }));
    const members = await articlesCollection(db).find(filter).sort({ firstSeenAt: 1 }).toArray();
    expect(members.map((member) => member._id)).toEqual([original._id, edited._id]);

    // "Show me the copies of this article."
    const details = await loadArticleDetails(db, original._id);
    expect(details?.clusterMembers.map((member) => member.url)).toEqual(['https://republisher.example/haber/tokayev']);
    expect(details?.revisions.map((revision) => revision.n)).toEqual([0]);
  });

  it('lists where else an article appeared: aliases and the article an alias URL resolves to', async () => {
    const first = docFor('https://aliases.example/a', `${STORY}\n\nTakma ad testi.`, new Date('2024-10-12T00:00:00Z'));
    await storeArticle(db, first, { maxRevisions: 3, sameSiteAliases: [{ url: 'https://aliases.example/a/amp', urlKey: 'amp-key' }] });
    await storeArticle(db, docFor('https://mirror.example/b', `${STORY}\n\nTakma ad testi.`, new Date('2024-10-12T01:00:00Z')), { maxRevisions: 3 });
    const details = await loadArticleDetails(db, first._id);
    expect(details?.aliases.map((alias) => [alias.url, alias.reason])).toEqual([
      ['https://aliases.example/a/amp', 'same-page'],
      ['https://mirror.example/b', 'exact-copy'],
    ]);
    expect(await articleIdForUrl(db, 'https://mirror.example/b?utm_source=x')).toBe(first._id);
  });
});
