/**
 * `npx tsx bench/metadata-accuracy.ts [--limit N] [--misses title|author|date [--all-pages]] [--only ID]`:
 * accuracy of extractMetadata (title, author, date) on the extraction-dev set, using the ground-truth
 * article body as bodyText, plus detected language vs the declared <html lang>.
 */
import { loadHtml as parseHtml } from '../src/shared/extract/html.js';
import { extractMetadata } from '../src/shared/extract/metadata/index.js';
import { extractDates } from '../src/shared/extract/metadata/dates.js';
import { readJsonLd } from '../src/shared/extract/metadata/json-ld.js';
import { readMetaTags } from '../src/shared/extract/metadata/meta-tags.js';
import { datasetDir, loadHtml, loadTruth } from './lib/dataset.js';
import { authorMatches, dateMatches, FIELD_RULES, titleMatches } from './lib/fields.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const limit = Number(option('limit') ?? Infinity);
const showMisses = option('misses');
const only = option('only');

const dir = datasetDir();
const pages = loadTruth(dir).filter(([id]) => !only || id === only).slice(0, limit);
type Field = 'title' | 'author' | 'date';
const newScore = (): Record<Field, [number, number]> => ({ title: [0, 0], author: [0, 0], date: [0, 0] });
// News-like pages (article/blog) are what the extractor is for; the rest are reported for reference.
const score = { all: newScore(), article: newScore() };
const languages = new Map<string, number>();
const misses: string[] = [];
let totalMs = 0;

for (const [id, truth] of pages) {
  const html = loadHtml(dir, id);
  const started = performance.now();
  const $ = parseHtml(html);
  const meta = extractMetadata({ $, url: truth.url, bodyText: truth.articleBody ?? '' });
  totalMs += performance.now() - started;
  if (only) console.log(JSON.stringify(meta, null, 2));

  const isArticle = truth.pageType === 'article' || truth.pageType === 'blog';
  const check = (field: Field, want: string | null | undefined, got: unknown, ok: boolean): void => {
    if (!want) return;
    for (const s of isArticle ? [score.all, score.article] : [score.all]) {
      s[field][1]++;
      if (ok) s[field][0]++;
    }
    if (!ok && showMisses === field && (isArticle || args.includes('--all-pages'))) {
      misses.push(`${id} ${truth.pageType} ${truth.url}\n   want: ${want}\n   got:  ${JSON.stringify(got)}`);
    }
  };
  check('title', truth.title, meta.title, !!truth.title && titleMatches(meta.title, truth.title));
  check('author', truth.author, meta.authors, !!truth.author && authorMatches(meta.authors, truth.author));
  // Same day in UTC, or the same day in the offset the page stated for that date.
  const dates = extractDates({ $, url: truth.url, bodyText: truth.articleBody ?? '', meta: readMetaTags($), jsonLd: readJsonLd($), language: meta.language });
  const localDay =
    meta.publishedAt && dates.publishedOffsetMinutes !== null
      ? new Date(Date.parse(meta.publishedAt) + dates.publishedOffsetMinutes * 60_000).toISOString().slice(0, 10)
      : null;
  const dateOk = !!truth.publishDate && (dateMatches(meta.publishedAt, truth.publishDate) || localDay === truth.publishDate.slice(0, 10));
  check('date', truth.publishDate, meta.publishedAt, dateOk);

  const declared = ($('html').attr('lang') ?? '-').toLowerCase().split(/[-_]/)[0] || '-';
  const key = `${meta.language ?? 'null'} (html lang ${declared})`;
  languages.set(key, (languages.get(key) ?? 0) + 1);
}

if (misses.length) console.log(misses.join('\n'));
console.log(`pages: ${pages.length}, metadata time ${(totalMs / Math.max(1, pages.length)).toFixed(1)} ms/page (incl. parsing)`);
for (const field of ['title', 'author', 'date'] as const) {
  const [hit, total] = score.article[field];
  const [allHit, allTotal] = score.all[field];
  console.log(
    `${field.padEnd(6)} article/blog ${(hit / Math.max(1, total)).toFixed(3)} (${hit}/${total})` +
      `  all pages ${(allHit / Math.max(1, allTotal)).toFixed(3)} (${allHit}/${allTotal})  rule: ${FIELD_RULES[field]}${field === 'date' ? ', or the same day in the offset the page stated' : ''}`,
  );
}
console.log('language detected (html lang):');
for (const [key, n] of [...languages].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${String(n).padStart(4)}  ${key}`);
