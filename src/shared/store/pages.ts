import { gunzipSync, gzipSync } from 'node:zlib';
import { Binary, type Db } from 'mongodb';
import { COLLECTIONS } from './collections.js';
import { isDuplicateKey } from './articles.js';

/** The latest raw response of one URL key, kept so extraction can be re-run without refetching. */
export interface StoredPage {
  _id: string;
  url: string;
  finalUrl: string;
  sourceId: string | null;
  status: number;
  contentType: string;
  etag: string | null;
  lastModified: string | null;
  fetchedAt: Date;
  lastSeenAt: Date;
  bytes: number;
  /** gzip of the raw (decompressed, undecoded) body. */
  body: Binary;
}

export interface PageToSave {
  urlKey: string;
  url: string;
  finalUrl: string;
  sourceId: string | null;
  status: number;
  contentType: string;
  etag: string | null;
  lastModified: string | null;
  fetchedAt: Date;
  body: Buffer;
}

export async function savePage(db: Db, page: PageToSave): Promise<void> {
  const doc: Omit<StoredPage, '_id'> = {
    url: page.url,
    finalUrl: page.finalUrl,
    sourceId: page.sourceId,
    status: page.status,
    contentType: page.contentType,
    etag: page.etag,
    lastModified: page.lastModified,
    fetchedAt: page.fetchedAt,
    lastSeenAt: page.fetchedAt,
    bytes: page.body.length,
    body: new Binary(gzipSync(page.body, { level: 6 })),
  };
  const pages = db.collection<StoredPage>(COLLECTIONS.pages);
  try {
    await pages.replaceOne({ _id: page.urlKey }, doc, { upsert: true });
  } catch (error) {
    // Two workers upserting the same new page at once: one insert wins, the other replaces it.
    if (!isDuplicateKey(error)) throw error;
    await pages.replaceOne({ _id: page.urlKey }, doc);
  }
}

export async function loadPage(db: Db, urlKey: string): Promise<(StoredPage & { raw: Buffer }) | null> {
  const page = await db.collection<StoredPage>(COLLECTIONS.pages).findOne({ _id: urlKey });
  if (page === null) return null;
  return { ...page, raw: gunzipSync(Buffer.from(page.body.buffer)) };
}

/** Validators for a conditional GET. */
export async function loadValidators(db: Db, urlKey: string): Promise<{ etag?: string; lastModified?: string }> {
  const page = await db
    .collection<StoredPage>(COLLECTIONS.pages)
    .findOne({ _id: urlKey }, { projection: { etag: 1, lastModified: 1 } });
  return {
    ...(page?.etag ? { etag: page.etag } : {}),
    ...(page?.lastModified ? { lastModified: page.lastModified } : {}),
  };
}

export async function touchPage(db: Db, urlKey: string, seenAt: Date): Promise<void> {
  await db.collection<StoredPage>(COLLECTIONS.pages).updateOne({ _id: urlKey }, { $set: { lastSeenAt: seenAt } });
}
