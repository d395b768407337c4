/**
 * The Crawlee baseline, run by run.ts as its own process (so its CPU and RSS are sampled like a
 * newsflow worker's):
 *
 *   CRAWLEE_STORAGE_DIR=/tmp/x node --import tsx bench/pipeline/crawlee-run.ts URLS_FILE CONCURRENCY OUT_JSON
 *
 * CheerioCrawler with min = max = desired concurrency (the autoscaled pool cannot throttle below
 * it, so system-status limits do not make the comparison unfair), robots.txt honoured like
 * newsflow's default, no link following (the same URL list as newsflow gets), 4 retries (newsflow:
 * 5 attempts). The handler extracts title and body text with cheerio and pushes one item per page
 * to the default dataset, which Crawlee persists as JSON files under CRAWLEE_STORAGE_DIR.
 * Latency is from the moment the whole list is handed to the crawler to the end of the handler.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CheerioCrawler, Configuration, log, LogLevel } from 'crawlee';

const [urlsFile, concurrencyArg, outFile] = process.argv.slice(2);
if (!urlsFile || !concurrencyArg || !outFile) throw new Error('usage: crawlee-run.ts URLS_FILE CONCURRENCY OUT_JSON');
const concurrency = Number(concurrencyArg);
const urls = readFileSync(urlsFile, 'utf8').split('\n').filter((line) => line.length > 0);
log.setLevel(LogLevel.WARNING);

const latencies: number[] = [];
let failed = 0;
let enqueuedAt = 0;
const crawler = new CheerioCrawler(
  {
    minConcurrency: concurrency,
    maxConcurrency: concurrency,
    maxRequestRetries: 4,
    requestHandlerTimeoutSecs: 60,
    navigationTimeoutSecs: 60,
    respectRobotsTxtFile: true,
    async requestHandler({ request, $, pushData }) {
      const title = ($('meta[property="og:title"]').attr('content') ?? $('h1').first().text() ?? $('title').text()).trim();
      const container = $('article').first().length > 0 ? $('article').first() : $('main').first().length > 0 ? $('main').first() : $('body');
      const body = container.find('p').map((_, el) => $(el).text().trim()).get().filter((text) => text.length > 0).join('\n\n');
      await pushData({ url: request.url, loadedUrl: request.loadedUrl, title, body, fetchedAt: new Date().toISOString() });
      latencies.push(Date.now() - enqueuedAt);
    },
    failedRequestHandler() {
      failed += 1;
    },
  },
  new Configuration({ persistStorage: true, purgeOnStart: true }),
);
process.stdout.write('READY\n');
enqueuedAt = Date.now();
const stats = await crawler.run(urls.map((url) => ({ url })));
const finishedAt = Date.now();
writeFileSync(outFile, JSON.stringify({ startedAt: enqueuedAt, finishedAt, latencies, failed, stats }));
