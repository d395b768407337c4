/**
 * `npm run bench:hostile [-- --size 10000]`: time per page for newsflow's extractor and Readability
 * (on linkedom) on pathological page shapes: thousands of paragraphs, figures, <br> lines, signed
 * posts, dated items, JSON-LD blocks, deep nesting. Each shape is built at --size and at half of it:
 * a ratio near 2 between the two is linear growth, near 4 quadratic.
 */
import { parseArgs } from 'node:util';
import { extractArticle } from '../src/shared/extract/index.js';
import { runReadability } from './lib/readability.js';

const { values: args } = parseArgs({ options: { size: { type: 'string', default: '10000' } } });
const SIZE = Number(args.size);
const P = '<p>Bu ziyaret iki ülke arasındaki ilişkilerin derinleşmesi açısından büyük bir adım olarak değerlendiriliyor.</p>';
const page = (head: string, body: string) => `<!doctype html><html><head><title>Başlık</title>${head}</head><body>${body}</body></html>`;
const times = (n: number, item: (i: number) => string) => Array.from({ length: n }, (_, i) => item(i)).join('');

const SHAPES: Record<string, (n: number) => string> = {
  'paragraphs in one article': (n) => page('', `<article><h1>Başlık</h1>${times(n, (i) => `<p>Paragraf ${i}: bir iki üç dört beş altı yedi.</p>`)}</article>`),
  'figures with captions': (n) => page('', `<article><h1>Başlık</h1>${times(n, (i) => `<figure><img src="/i/${i}.jpg"><figcaption>Foto ${i}</figcaption></figure><p>Metin ${i} kelime kelime kelime.</p>`)}</article>`),
  '<br> lines in one paragraph': (n) => page('', `<article><h1>Başlık</h1><p>${times(n, (i) => `Satır ${i} kısa cümle<br>`)}</p></article>`),
  'signed posts (Yazar: …)': (n) => page('', `<article><h1>Başlık</h1>${times(n, (i) => `<div class="author">Yazar: Ali Veli ${i}</div>${P}`)}</article>`),
  'dated items (<time>)': (n) => page('', `<article><h1>Başlık</h1>${P}${times(n, (i) => `<span class="date"><time datetime="2024-10-${(i % 28) + 1}">10 Ekim 2024</time></span>`)}</article>`),
  'JSON-LD blocks': (n) => page(times(n, (i) => `<script type="application/ld+json">{"@type":"NewsArticle","headline":"h${i}","author":{"name":"A ${i}"},"datePublished":"2024-10-10"}</script>`), `<article><h1>Başlık</h1>${P}</article>`),
  'nested <div> levels': (n) => page('', `${'<div>'.repeat(n)}<h1>Başlık</h1>${P}${'</div>'.repeat(n)}`),
  'related links': (n) => page('', `<article><h1>Başlık</h1>${P}${P}</article><div class="related"><h3>İlgili Haberler</h3><ul>${times(n, (i) => `<li><a href="/haber/${i}.html">İlgili haber ${i}</a></li>`)}</ul></div>`),
};

/** Milliseconds, or the error that stopped the extractor (linkedom overflows its stack on deep nesting). */
function timed(run: () => void): number | string {
  const start = performance.now();
  try {
    run();
  } catch (error) {
    return `failed (${error instanceof RangeError ? 'stack overflow' : (error as Error).message.slice(0, 40)})`;
  }
  return performance.now() - start;
}

const ms = (value: number | string) => (typeof value === 'number' ? value.toFixed(0) : value);
const ratio = (a: number | string, b: number | string) => (typeof a === 'number' && typeof b === 'number' ? (a / b).toFixed(1) : '–');

const url = 'https://news.example.com/2024/10/haber.html';
console.log(`## pathological page shapes — ms per page at n/2 and n = ${SIZE} (growth n/2 → n: ~2 linear, ~4 quadratic)\n`);
console.log('| shape | MB at n | newsflow n/2 | newsflow n | growth | Readability n/2 | Readability n | growth | newsflow / Readability at n |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [name, make] of Object.entries(SHAPES)) {
  const half = make(SIZE / 2);
  const full = make(SIZE);
  const ours = [timed(() => extractArticle(half, url)), timed(() => extractArticle(full, url))];
  const theirs = [timed(() => runReadability(half, url)), timed(() => runReadability(full, url))];
  const cells = [
    name, (full.length / 1e6).toFixed(1),
    ms(ours[0]!), ms(ours[1]!), ratio(ours[1]!, ours[0]!),
    ms(theirs[0]!), ms(theirs[1]!), ratio(theirs[1]!, theirs[0]!),
    typeof ours[1] === 'number' && typeof theirs[1] === 'number' ? (ours[1] / theirs[1]).toFixed(2) : '–',
  ];
  console.log(`| ${cells.join(' | ')} |`);
}
