/**
 * `npm run bench:hostile [-- --size 10000]`: time per page for newsflow's extractor and Readability
 * (on linkedom) on pathological page shapes: thousands of paragraphs, figures, <br> lines, signed
 * posts, dated items, JSON-LD blocks, deep nesting. Each shape is built at --size and at half of it:
 * a ratio near 2 between the two is linear growth, near 4 quadratic. Each measurement runs in a worker
 * thread and is stopped after --limit-s seconds.
 */
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { SHAPES } from './lib/hostile-shapes.js';

const { values: args } = parseArgs({ options: { size: { type: 'string', default: '10000' }, 'limit-s': { type: 'string', default: '30' } } });
const SIZE = Number(args.size);
const LIMIT_MS = Number(args['limit-s']) * 1000;
const url = 'https://news.example.com/2024/10/haber.html';

/** Milliseconds, the error that stopped the extractor (linkedom overflows its stack), or "> limit". */
function timed(system: 'newsflow' | 'readability', shape: string, size: number): Promise<number | string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./lib/hostile-worker-entry.mjs', import.meta.url), { workerData: { system, shape, size, url } });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(`> ${LIMIT_MS / 1000} s (stopped)`);
    }, LIMIT_MS);
    worker.once('message', (result: { ms?: number; failed?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(result.ms ?? `failed (${result.failed})`);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

const ms = (value: number | string) => (typeof value === 'number' ? value.toFixed(0) : value);
const ratio = (a: number | string, b: number | string) => (typeof a === 'number' && typeof b === 'number' ? (a / b).toFixed(1) : '–');

console.log(`## pathological page shapes — ms per page at n/2 and n = ${SIZE} (growth n/2 → n: ~2 linear, ~4 quadratic)\n`);
console.log('| shape | MB at n | newsflow n/2 | newsflow n | growth | Readability n/2 | Readability n | growth | newsflow / Readability at n |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [name, make] of Object.entries(SHAPES)) {
  const full = make(SIZE);
  const ours = [await timed('newsflow', name, SIZE / 2), await timed('newsflow', name, SIZE)];
  const theirs = [await timed('readability', name, SIZE / 2), await timed('readability', name, SIZE)];
  const cells = [
    name, (full.length / 1e6).toFixed(1),
    ms(ours[0]!), ms(ours[1]!), ratio(ours[1]!, ours[0]!),
    ms(theirs[0]!), ms(theirs[1]!), ratio(theirs[1]!, theirs[0]!),
    typeof ours[1] === 'number' && typeof theirs[1] === 'number' ? (ours[1] / theirs[1]).toFixed(2) : '–',
  ];
  console.log(`| ${cells.join(' | ')} |`);
}
