/**
 * One bench:hostile measurement in a worker thread, so that the parent can stop an extractor that
 * runs for minutes (Readability on deep nesting) instead of waiting for it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { extractArticle } from '../../src/shared/extract/index.js';
import { runReadability } from './readability.js';
import { SHAPES } from './hostile-shapes.js';

const { system, shape, size, url } = workerData as { system: 'newsflow' | 'readability'; shape: string; size: number; url: string };
const html = SHAPES[shape]!(size);
const start = performance.now();
try {
  if (system === 'newsflow') extractArticle(html, url);
  else runReadability(html, url);
  parentPort!.postMessage({ ms: performance.now() - start });
} catch (error) {
  parentPort!.postMessage({ failed: error instanceof RangeError ? 'stack overflow' : (error as Error).message.slice(0, 40) });
}
