import type { Db } from 'mongodb';
import { StageError } from '../shared/errors.js';
import { extractArticle } from '../shared/extract/index.js';
import type { ExtractedArticle } from '../shared/extract/types.js';
import { decodeHtml } from '../shared/fetch/charset.js';
import type { Logger } from '../shared/logger.js';
import { chooseCanonical } from '../shared/url/choose-canonical.js';
import type { ParseJob } from '../queues/parse-queue.js';
import { enqueueStore, type StoreQueue } from '../queues/store-queue.js';
import { recordOutcome } from '../shared/store/outcomes.js';
import type { SourceProfile } from '../shared/sources/schema.js';
import { extractionHintsFor } from '../shared/sources/extraction-hints.js';
import type { StageMetrics } from './metrics.js';
import { isStorableArticle } from './article-gate.js';
import type { Discovery } from './discovery.js';

export interface PageParserDeps {
  db: Db;
  metrics: StageMetrics;
  storeQueue: StoreQueue;
  sources: Map<string, SourceProfile>;
  /** What parsed pages, feeds and sitemaps add to the frontier. */
  discovery: Discovery;
}

/** A parse job's fields without the body: what travels on to the store stage. */
export type ParsedPageSubject = Omit<ParseJob, 'body'>;

/**
 * Everything the parse stage does with a fetched page's raw bytes: a feed or sitemap adds its
 * URLs to the frontier; a page is decoded, extracted, its links followed, and an article goes on
 * to the store stage while anything else gets its `not-article` outcome. Called by the parse
 * worker and, in a process that also fetches, by the fetch worker itself (see `InlineParser`).
 * Every step is idempotent, so a retry after a crash halfway repeats it harmlessly.
 */
export async function parseFetchedPage(deps: PageParserDeps, data: ParsedPageSubject, raw: Buffer, log: Logger, step: (name: string) => void): Promise<void> {
  const { db } = deps;
  if (data.fetch.kind === 'feed' || data.fetch.kind === 'sitemap') {
    step('discover from list');
    const found = await deps.discovery.fromListDocument(data, raw);
    await recordOutcome(db, {
      _id: data.fetchJobId, url: data.fetch.url, canonicalUrl: data.fetch.canonicalUrl, urlKey: data.fetch.urlKey,
      finalUrl: data.finalUrl, sourceId: data.fetch.sourceId ?? null, outcome: 'discovered', stage: 'parse',
      httpStatus: data.status, attempts: data.attempts, error: null, articleId: null,
      enqueuedAt: new Date(data.fetch.enqueuedAt),
    });
    deps.metrics.outcomes.inc({ stage: 'parse', outcome: 'discovered' });
    log.info({ kind: data.fetch.kind, enqueued: found }, 'discovered URLs');
    return;
  }
  const hints = extractionHintsFor(data.fetch.sourceId ? deps.sources.get(data.fetch.sourceId) : undefined);
  step('extract');
  const html = decodePage(raw, data.contentType, data.encoding);
  const article = extractPage(html, data.finalUrl, hints);
  step('follow links');
  const followed = await deps.discovery.fromPage(data, html, article);
  if (followed > 0) log.debug({ enqueued: followed }, 'followed links');
  if (!isStorableArticle(article)) {
    await recordOutcome(db, {
      _id: data.fetchJobId, url: data.fetch.url, canonicalUrl: data.fetch.canonicalUrl, urlKey: data.fetch.urlKey,
      finalUrl: data.finalUrl, sourceId: data.fetch.sourceId ?? null, outcome: 'not-article', stage: 'parse',
      httpStatus: data.status, attempts: data.attempts, error: `page type ${article.pageType}`, articleId: null,
      enqueuedAt: new Date(data.fetch.enqueuedAt),
    });
    deps.metrics.outcomes.inc({ stage: 'parse', outcome: 'not-article' });
    log.info({ pageType: article.pageType }, 'not an article; not stored');
    return;
  }
  const choice = chooseCanonical({
    requestedUrl: data.fetch.canonicalUrl,
    finalUrl: data.finalUrl,
    declaredCanonical: article.canonicalUrl,
    ogUrl: null,
  });
  step('enqueue store');
  await enqueueStore(deps.storeQueue, { parse: data, article, canonicalUrl: choice.canonicalUrl, aliases: choice.aliases });
  log.debug({ title: article.title, words: article.bodyText.length }, 'parsed');
}

/** Share of replacement and control characters above which a "text/html" body is binary garbage. */
const GARBAGE_RATIO = 0.05;

/** Decodes with the encoding the fetcher already settled on; refuses bodies that are not text. */
export function decodePage(raw: Buffer, contentType: string, encoding: string | undefined): string {
  const { html } = decodeHtml(raw, encoding ? `${contentType}; charset=${encoding}` : contentType);
  const sample = html.slice(0, 65_536);
  const garbage = sample.match(/[\uFFFD\u0000-\u0008\u000E-\u001F]/g)?.length ?? 0;
  if (sample.length > 0 && garbage / sample.length > GARBAGE_RATIO) {
    throw new StageError('decode-error', `the body is not text: ${Math.round((100 * garbage) / sample.length)}% undecodable characters`, true);
  }
  return html;
}

/** A page that makes the extractor throw will throw again: a permanent, recorded failure. */
function extractPage(html: string, url: string, hints: SourceProfile['extraction']): ExtractedArticle {
  try {
    return extractArticle(html, url, hints ?? undefined);
  } catch (error) {
    throw new StageError('parse-error', `extraction failed: ${error instanceof Error ? error.message : String(error)}`, true, { cause: error });
  }
}

/**
 * Parses a page in the process that fetched it, straight from memory. The parse queue exists so
 * parsing can scale apart from fetching; within one process, sending each raw page through Redis
 * to itself cost ~1 ms of CPU per page (base64 and JSON of ~45 KB, two Lua scripts carrying it,
 * and a second gunzip) for nothing. A page this fails on goes to the parse queue after all.
 */
export type InlineParser = (data: ParsedPageSubject, raw: Buffer, log: Logger, step: (name: string) => void) => Promise<void>;

export function createInlineParser(deps: PageParserDeps): InlineParser {
  return async (data, raw, log, step) => {
    const stopTimer = deps.metrics.duration.startTimer({ stage: 'parse' });
    try {
      await parseFetchedPage(deps, data, raw, log, (name) => step(`parse: ${name}`));
      stopTimer({ result: 'ok' });
    } catch (error) {
      stopTimer({ result: 'error' });
      throw error;
    }
  };
}
