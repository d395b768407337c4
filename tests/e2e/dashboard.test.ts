import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, seedArticles, seedFailedFetchJob, seedOutcomes, startTestApi, type TestApi } from '../helpers/api.js';

/** Debian's Chromium, never a downloaded browser (CI installs it with scripts/install-chromium.sh). */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const SCREENSHOTS = path.resolve(import.meta.dirname, '__screenshots__');
const TOKEN = 'e2e-token-0123456789abcdef';

describe('dashboard in a real browser', () => {
  let api: TestApi;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const blockedRequests: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: run \`bash scripts/install-chromium.sh\` (apt-get install chromium) before the end-to-end tests`);
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    api = await startTestApi({ token: TOKEN });
    await seedArticles(api.db);
    await seedOutcomes(api.db);
    await seedFailedFetchJob(api, 'http://127.0.0.1:8765/missing.html');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The dashboard must never reach beyond its own server (article links open only when clicked).
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(api.origin)) return route.continue();
      blockedRequests.push(route.request().url());
      return route.abort();
    });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('searches, opens an article and shows its title, body, related links, copies and provenance', async () => {
    await page.goto(`${api.origin}/?token=${TOKEN}`);
    expect(new URL(page.url()).search).toBe(''); // the token leaves the address bar
    await expect.poll(() => page.getByTestId('result').count()).toBe(4);

    await page.locator('#filters input[name="text"]').fill('Türkmenistan ziyaret');
    await page.locator('#filters button[type="submit"]').click();
    await expect.poll(() => page.getByTestId('result-count').textContent()).toMatch(/^1 article/);
    await page.getByRole('link', { name: FIXTURE.tokayev.title }).click();

    const title = page.getByTestId('article-title');
    await title.waitFor();
    expect(await title.textContent()).toBe(FIXTURE.tokayev.title);
    const body = page.getByTestId('article-body');
    expect(await body.isVisible()).toBe(true);
    expect(await body.locator('h2').textContent()).toBe('Ekonomik İşbirliği ve Ulaştırma Altyapısı');
    expect(await body.textContent()).toContain('Kasım-Cömert Tokayev');

    const related = page.getByTestId('related-links').getByRole('link');
    expect(await related.count()).toBe(2);
    expect(await related.first().isVisible()).toBe(true);
    expect(await related.first().textContent()).toBe('Yugra’da fotoğraf sergisi açıldı');
    expect(await related.first().getAttribute('href')).toBe('http://127.0.0.1:8765/haber/2024/10/yugra-fotograf-sergisi.html');

    const copies = page.getByTestId('copies');
    expect(await copies.getByRole('link', { name: FIXTURE.akorda.title }).isVisible()).toBe(true);
    expect(await copies.textContent()).toContain('same page, other URL');
    expect(await page.getByTestId('provenance').textContent()).toContain('source akorda');

    await page.screenshot({ path: path.join(SCREENSHOTS, 'article.png'), fullPage: true });
  });

  it('renders hostile article HTML inert', async () => {
    await page.goto(`${api.origin}/#/article/${FIXTURE.english.id}`);
    await page.getByTestId('article-title').waitFor();
    const body = page.getByTestId('article-body');
    expect(await body.textContent()).toContain('Young people in Saratov can get a grant');
    expect(await body.locator('script, img, [onclick], [onerror]').count()).toBe(0);
    expect(await body.locator('a').first().getAttribute('href')).toBeNull(); // javascript: URL dropped
    expect(await page.evaluate(() => (globalThis as { __pwned?: boolean }).__pwned)).toBeUndefined();
  });

  it('shows pipeline health with the outcome chart, failures and a working retry button', async () => {
    await page.goto(`${api.origin}/#/health`);
    await page.getByTestId('queues').waitFor();
    expect(await page.getByTestId('outcome-chart').locator('svg rect').count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('failures').textContent()).toContain('HTTP 404 Not Found');
    const failedJobs = page.getByTestId('failed-jobs');
    expect(await failedJobs.textContent()).toContain('http://127.0.0.1:8765/missing.html');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'health.png'), fullPage: true });

    await failedJobs.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => failedJobs.textContent()).toContain('re-queued 1');
    expect(await api.queues.fetch.getFailedCount()).toBe(0);
  });

  it('lists sources with their last crawl', async () => {
    await page.goto(`${api.origin}/#/sources`);
    const sources = page.getByTestId('sources');
    await sources.waitFor();
    expect(await sources.textContent()).toContain('akorda');
    expect(await sources.textContent()).toContain('2024-10-12 09:30 UTC');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sources.png'), fullPage: true });
  });

  it('raised no script errors and made no request beyond the server', () => {
    expect(pageErrors).toEqual([]);
    expect(blockedRequests).toEqual([]);
  });
});
