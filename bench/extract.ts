/**
 * `npm run bench:extract [-- --limit N --json out.json]`: newsflow's extractor vs Readability on the
 * extraction-dev set (body shingle F1, metadata accuracy, speed, page-type accuracy).
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { extractArticle } from '../src/shared/extract/index.js';
import { datasetDir, loadHtml, loadTruth, type TruthPage } from './lib/dataset.js';
import { authorMatches, dateMatches, FIELD_RULES, titleMatches } from './lib/fields.js';
import { runReadability } from './lib/readability.js';
import { aggregate, compareBodies, type BodyScore, type PageCounts } from './lib/shingles.js';

interface Prediction {
  bodyText: string;
  title: string | null;
  author: string[] | string | null;
  date: string | null;
  pageType?: string;
}

type Fields = { title: [number, number]; author: [number, number]; date: [number, number] };

interface SystemRun {
  name: string;
  run: (html: string, url: string) => Prediction;
  counts: Array<{ id: string; article: boolean; counts: PageCounts }>;
  times: number[];
  failed: string[];
  fields: Fields;
  // The same three fields on article+blog pages only: what newsflow is for.
  articleFields: Fields;
  pageTypeHits: number;
  pageTypeTotal: number;
}

function parseArgs(argv: string[]): { limit: number; json: string | null; only: string | null } {
  let limit = Infinity;
  let json: string | null = null;
  let only: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--limit') limit = Number(argv[++i]);
    else if (argv[i] === '--json') json = argv[++i] ?? null;
    else if (argv[i] === '--only') only = argv[++i] ?? null; // newsflow | readability
  }
  return { limit, json, only };
}

const emptyFields = (): Fields => ({ title: [0, 0], author: [0, 0], date: [0, 0] });
const isArticle = (t: TruthPage): boolean => t.pageType === 'article' || t.pageType === 'blog';

function makeSystem(name: string, run: SystemRun['run']): SystemRun {
  return { name, run, counts: [], times: [], failed: [], fields: emptyFields(), articleFields: emptyFields(), pageTypeHits: 0, pageTypeTotal: 0 };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const dir = datasetDir();
  const pages = loadTruth(dir).slice(0, args.limit);
  const systems: SystemRun[] = [
    makeSystem('newsflow', (html, url) => {
      const a = extractArticle(html, url);
      return { bodyText: a.bodyText, title: a.title, author: a.authors, date: a.publishedAt, pageType: a.pageType };
    }),
    makeSystem('readability', (html, url) => {
      const r = runReadability(html, url);
      return { bodyText: r.bodyText, title: r.title, author: r.byline, date: r.publishedTime };
    }),
  ].filter((s) => !args.only || s.name === args.only);

  const perPage: Record<string, Record<string, unknown>> = {};
  for (const [id, truth] of pages) {
    const html = loadHtml(dir, id);
    perPage[id] = { url: truth.url, pageType: truth.pageType };
    for (const sys of systems) {
      let pred: Prediction;
      const start = performance.now();
      try {
        pred = sys.run(html, truth.url);
      } catch (err) {
        // The bench records a thrown extractor as a failed page and scores it as empty output.
        sys.failed.push(`${id}: ${(err as Error).message.slice(0, 120)}`);
        pred = { bodyText: '', title: null, author: null, date: null };
      }
      sys.times.push(performance.now() - start);
      const counts = compareBodies(pred.bodyText, truth.articleBody ?? '');
      sys.counts.push({ id, article: isArticle(truth), counts });
      for (const fields of isArticle(truth) ? [sys.fields, sys.articleFields] : [sys.fields]) {
        tally(fields.title, truth.title, (t) => titleMatches(pred.title, t));
        tally(fields.author, truth.author, (t) => authorMatches(pred.author, t));
        tally(fields.date, truth.publishDate, (t) => dateMatches(pred.date, t));
      }
      if (pred.pageType !== undefined) {
        sys.pageTypeTotal++;
        if ((pred.pageType === 'article') === isArticle(truth)) sys.pageTypeHits++;
      }
      const c = counts;
      perPage[id]![sys.name] = { p: round(c.tp / (c.tp + c.fp || 1)), r: round(c.tp / (c.tp + c.fn || 1)), pageType: pred.pageType };
    }
  }
  report(systems, args.json, perPage);
}

function tally(slot: [number, number], truth: string | null | undefined, ok: (t: string) => boolean): void {
  if (!truth || truth.trim() === '') return;
  slot[1]++;
  if (ok(truth)) slot[0]++;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
const fmt = (x: number): string => x.toFixed(3);
const pct = ([hit, total]: [number, number]): string => (total ? `${fmt(hit / total)} (${hit}/${total})` : 'n/a');

function report(systems: SystemRun[], json: string | null, perPage: Record<string, unknown>): void {
  const summary: Record<string, unknown> = {};
  const rows: string[][] = [['system', 'F1 art+blog', 'P art+blog', 'R art+blog', 'F1 all', 'P all', 'R all', 'title', 'author', 'date', 'ms median', 'ms p95', 'failed', 'pageType acc']];
  const scores = new Map<string, { art: BodyScore; all: BodyScore; median: number }>();
  for (const sys of systems) {
    const art = aggregate(sys.counts.filter((c) => c.article).map((c) => c.counts));
    const all = aggregate(sys.counts.map((c) => c.counts));
    const median = quantile(sys.times, 0.5);
    const p95 = quantile(sys.times, 0.95);
    scores.set(sys.name, { art, all, median });
    rows.push([
      sys.name, fmt(art.f1), fmt(art.precision), fmt(art.recall), fmt(all.f1), fmt(all.precision), fmt(all.recall),
      pct(sys.fields.title), pct(sys.fields.author), pct(sys.fields.date), median.toFixed(1), p95.toFixed(1),
      String(sys.failed.length), sys.pageTypeTotal ? pct([sys.pageTypeHits, sys.pageTypeTotal]) : '-',
    ]);
    summary[sys.name] = { articleBlog: art, all, title: sys.fields.title, author: sys.fields.author, date: sys.fields.date, articleBlogFields: sys.articleFields, msMedian: median, msP95: p95, failed: sys.failed, pageType: [sys.pageTypeHits, sys.pageTypeTotal] };
  }
  printTable(rows);
  console.log('\nmetadata on article+blog pages only:');
  printTable([
    ['system', 'title art+blog', 'author art+blog', 'date art+blog'],
    ...systems.map((sys) => [sys.name, pct(sys.articleFields.title), pct(sys.articleFields.author), pct(sys.articleFields.date)]),
  ]);
  const nf = scores.get('newsflow');
  const rd = scores.get('readability');
  if (nf && rd) {
    console.log(
      `\nnewsflow/readability: F1 art+blog ${fmt(nf.art.f1 / rd.art.f1)}, F1 all ${fmt(nf.all.f1 / rd.all.f1)}, ms median ${fmt(nf.median / rd.median)}`,
    );
  }
  console.log(`pages: ${systems[0]?.counts.length ?? 0}; article+blog: ${systems[0]?.counts.filter((c) => c.article).length ?? 0}`);
  console.log('comparison rules:');
  for (const [field, rule] of Object.entries(FIELD_RULES)) console.log(`  ${field}: ${rule}`);
  console.log('  body: ScrapingHub convention (\\w+ Unicode tokens, 4-word shingles with counts, per-page normalised TP/FP/FN)');
  for (const sys of systems) for (const f of sys.failed.slice(0, 10)) console.log(`  ${sys.name} failed ${f}`);
  if (json) writeFileSync(json, JSON.stringify({ summary, pages: perPage }, null, 2));
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
}

main();
