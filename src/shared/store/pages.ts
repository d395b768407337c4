import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { Binary, type Db } from 'mongodb';
import { COLLECTIONS } from './collections.js';
import { insertOrDuplicate } from './insert-batching.js';

/**
 * One raw response, kept so extraction can be re-run without refetching. Insert-only, keyed by
 * the fetch job: an insert is the one write MongoDB-protocol servers all do atomically and
 * cheaply (FerretDB answers every query and update with a table scan, which on rows holding
 * whole pages is the most expensive thing the pipeline could do on its hot path).
 */
export interface StoredPage {
  /** The fetch job id. */
  _id: string;
  urlKey: string;
  url: string;
  finalUrl: string;
  sourceId: string | null;
  status: number;
  contentType: string;
  /** The character encoding the response was decoded with. */
  encoding: string;
  etag: string | null;
  lastModified: string | null;
  fetchedAt: Date;
  bytes: number;
  /** gzip of the raw (decompressed, undecoded) body. */
  body: Binary;
}

export type PageToSave = Omit<StoredPage, '_id' | 'body'> & {
  fetchJobId: string;
  /** gzip of the raw body (see `compressBody`). */
  gzippedBody: Buffer;
};

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * On libuv's thread pool, not the event loop: workers keep serving other jobs meanwhile. Level 1
 * costs half the CPU of the default 6 for pages ~10% larger (35 vs 32 KB for a 98 KB page of the
 * pipeline benchmark's site), and every fetched page pays it.
 */
export function compressBody(raw: Buffer): Promise<Buffer> {
  return gzipAsync(raw, { level: 1, chunkSize: 64 * 1024 });
}

/** Large output chunks: with zlib's 16 KB default, a 100 KB page took 5× the CPU, mostly in per-chunk callbacks. */
export function decompressBody(gzipped: Buffer): Promise<Buffer> {
  return gunzipAsync(gzipped, { chunkSize: 256 * 1024 });
}

/** Idempotent: a retried fetch job finds its page already saved. */
export async function savePage(db: Db, page: PageToSave): Promise<void> {
  const { fetchJobId, gzippedBody, ...fields } = page;
  const doc: StoredPage = { _id: fetchJobId, ...fields, body: new Binary(gzippedBody) };
  await insertOrDuplicate(db, COLLECTIONS.pages, doc);
}

export async function loadPage(db: Db, pageId: string): Promise<(StoredPage & { raw: Buffer }) | null> {
  const page = await db.collection<StoredPage>(COLLECTIONS.pages).findOne({ _id: pageId });
  if (page === null) return null;
  return { ...page, raw: await decompressBody(Buffer.from(page.body.buffer)) };
}

/** Validators of the latest response for a conditional GET. */
export async function loadValidators(db: Db, urlKey: string): Promise<{ etag?: string; lastModified?: string }> {
  const page = await db
    .collection<StoredPage>(COLLECTIONS.pages)
    .find({ urlKey }, { projection: { etag: 1, lastModified: 1 } })
    .sort({ fetchedAt: -1 })
    .limit(1)
    .next();
  return {
    ...(page?.etag ? { etag: page.etag } : {}),
    ...(page?.lastModified ? { lastModified: page.lastModified } : {}),
  };
}
