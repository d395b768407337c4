import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFromEnv, isLoopbackHost } from '../../src/api/access.js';
import { timelineBuckets } from '../../src/api/outcome-timeline.js';
import { FIXTURE, seedArticles, seedFailedFetchJob, seedOutcomes, startTestApi, type TestApi } from '../helpers/api.js';
import { runCli } from '../helpers/cli.js';

async function getJson(api: TestApi, path: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const response = await fetch(`${api.origin}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text.length > 0 && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

describe('HTTP API over a populated database', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
    await seedArticles(api.db);
    await seedOutcomes(api.db);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('lists articles newest first, with the total, without internal or heavy fields', async () => {
    const { status, body } = await getJson(api, '/api/articles');
    expect(status).toBe(200);
    expect(body.total).toBe(4);
    expect(body.items.map((item: { id: string }) => item.id)).toEqual([FIXTURE.tokayev.id, FIXTURE.akorda.id, FIXTURE.kazan.id, FIXTURE.english.id]);
    for (const item of body.items) {
      expect(item).not.toHaveProperty('terms');
      expect(item).not.toHaveProperty('version');
      expect(item).not.toHaveProperty('minhash');
      expect(item).not.toHaveProperty('bodyHtml');
      expect(item).not.toHaveProperty('_id');
    }
    expect(body.items[0].publishedAt).toBe('2024-10-10T11:30:00.000Z');
  });

  it('filters by language, source, author, text, dates, cluster and credits, and pages', async () => {
    const ids = async (query: string) => (await getJson(api, `/api/articles?${query}`)).body.items.map((item: { id: string }) => item.id);
    expect(await ids('lang=ru')).toEqual([FIXTURE.kazan.id]);
    expect(await ids('source=www.akorda.kz')).toEqual([FIXTURE.akorda.id]);
    expect(await ids(`author=${encodeURIComponent('Abdullah Yiğit')}`)).toEqual([FIXTURE.tokayev.id]);
    expect(await ids('text=saratov%20grant')).toEqual([FIXTURE.english.id]);
    expect(await ids('since=2024-10-09&until=2024-10-10T08:00:00Z')).toEqual([FIXTURE.akorda.id, FIXTURE.kazan.id]);
    expect(await ids(`cluster=${FIXTURE.akorda.id}&sort=published`)).toEqual([FIXTURE.akorda.id, FIXTURE.tokayev.id]);
    expect(await ids('credits=akorda.kz')).toEqual([FIXTURE.tokayev.id]);
    const page = await getJson(api, '/api/articles?limit=2&skip=1');
    expect(page.body.total).toBe(4);
    expect(page.body.items.map((item: { id: string }) => item.id)).toEqual([FIXTURE.akorda.id, FIXTURE.kazan.id]);
  });

  it('answers 400 with the reason for bad parameters, including limits above 200', async () => {
    const cases: [string, RegExp][] = [
      ['since=yesterday', /since: must be a date/],
      ['lang=turkish', /lang: must be a language code/],
      ['sort=random', /sort: must be one of/],
      ['limit=0', /limit: must be at least 1/],
      ['limit=201', /limit: must be at most 200/],
      ['limit=100000000', /limit: must be at most/],
      ['limit=abc', /limit: must be a number/],
      ['skip=-1', /skip: must be at least 0/],
      ['colour=red', /colour/],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await getJson(api, `/api/articles?${query}`);
      expect(status, query).toBe(400);
      expect(body.error, query).toMatch(message);
    }
  });

  it('never lets a MongoDB operator through the query string', async () => {
    for (const query of ['source[$gt]=', 'source[%24ne]=x', 'lang[]=tr', '%24where=1', 'source=a&source=b', 'author[$regex]=.*']) {
      const { status, body } = await getJson(api, `/api/articles?${query}`);
      expect(status, query).toBe(400);
      expect(typeof body.error, query).toBe('string');
    }
    // JSON in a value is a literal string: it matches no article (an operator would match them all).
    for (const value of ['{"$gt":""}', '{"$ne":null}', '{"$regex":".*"}']) {
      const { status, body } = await getJson(api, `/api/articles?author=${encodeURIComponent(value)}`);
      expect(status, value).toBe(200);
      expect(body.total, value).toBe(0);
    }
    const { body } = await getJson(api, `/api/articles?source=${encodeURIComponent('{"$gt":""}')}`);
    expect(body.total).toBe(0);
  });

  it('returns one article with its body, aliases, cluster members, revisions and provenance', async () => {
    const { status, body } = await getJson(api, `/api/articles/${FIXTURE.tokayev.id}`);
    expect(status).toBe(200);
    expect(body.id).toBe(FIXTURE.tokayev.id);
    expect(body.title).toBe(FIXTURE.tokayev.title);
    expect(body.bodyHtml).toContain('<h2>Ekonomik İşbirliği ve Ulaştırma Altyapısı</h2>');
    expect(body).not.toHaveProperty('terms');
    expect(body.relatedLinks).toHaveLength(2);
    expect(body).not.toHaveProperty('minhash');
    expect(body.aliases).toEqual([expect.objectContaining({ url: 'http://127.0.0.1:8765/amp/tokayev-turkmenistan-ziyareti.html', reason: 'same-page', seenAt: '2024-10-11T08:00:00.000Z' })]);
    expect(body.revisions.map((revision: { n: number; fingerprint: string }) => [revision.n, revision.fingerprint])).toEqual([[0, 'fp-tokayev-tr-first'], [1, 'fp-tokayev-tr']]);
    expect(body.provenance).toEqual([expect.objectContaining({ domain: 'akorda.kz', sourceId: 'akorda' })]);
    expect(body.clusterMembers).toEqual([
      expect.objectContaining({ id: FIXTURE.akorda.id, title: FIXTURE.akorda.title, url: 'https://www.akorda.kz/kz/memleket-basshysy-turikmenstanga-saparmen-bardy', source: 'akorda.kz', publishedAt: '2024-10-10T06:00:00.000Z' }),
    ]);
  });

  it('answers 404 JSON for an unknown article or route', async () => {
    expect(await getJson(api, '/api/articles/no-such-article')).toEqual({ status: 404, body: { error: 'no article with id no-such-article' } });
    expect((await getJson(api, `/api/articles/${encodeURIComponent('{"$gt":""}')}`)).status).toBe(404);
    expect((await getJson(api, '/api/nothing-here')).status).toBe(404);
  });

  it('lists source profiles with article counts and last fetch, and sites without a profile', async () => {
    const { status, body } = await getJson(api, '/api/sources');
    expect(status).toBe(200);
    const akorda = body.sources.find((source: { id: string }) => source.id === 'akorda');
    expect(akorda).toMatchObject({ articles: 1, lastFetchedAt: '2024-10-12T09:30:00.000Z' });
    expect(body.sources.find((source: { id: string }) => source.id === 'demo')).toMatchObject({ articles: 0, lastFetchedAt: null });
    expect(body.otherSites).toEqual([{ source: '127.0.0.1', articles: 3, lastFetchedAt: '2024-10-11T08:00:00.000Z' }]);
  });

  it('reports queue counts, totals, the last hour in 5-minute buckets and the latest failures', async () => {
    const { status, body } = await getJson(api, '/api/stats');
    expect(status).toBe(200);
    expect(Object.keys(body.queues)).toEqual(['fetch', 'parse', 'store']);
    expect(body.queues.fetch).toHaveProperty('waiting');
    expect(body.articles).toBe(4);
    expect(body.outcomes).toEqual({ stored: 3, duplicate: 1, 'http-4xx': 1, timeout: 1 });
    expect(body.timeline).toHaveLength(12);
    const inTimeline: Record<string, number> = {};
    for (const bucket of body.timeline) {
      expect(new Date(bucket.end).getTime() - new Date(bucket.start).getTime()).toBe(5 * 60_000);
      for (const [outcome, count] of Object.entries(bucket.counts as Record<string, number>)) inTimeline[outcome] = (inTimeline[outcome] ?? 0) + count;
    }
    // The record of a day ago is outside the hour; the 40-minutes-old one may fall just outside the aligned window.
    expect(inTimeline.stored).toBe(2);
    expect(inTimeline.duplicate).toBe(1);
    expect(inTimeline['http-4xx']).toBe(1);
    expect(body.failures.map((failure: { url: string; outcome: string; error: string }) => [failure.outcome, failure.error])).toEqual([
      ['http-4xx', 'HTTP 404 Not Found'],
      ['timeout', 'no response within 20000 ms'],
    ]);
  });

  it('lists failed jobs and re-queues one through the retry route', async () => {
    const jobId = await seedFailedFetchJob(api, 'http://127.0.0.1:8765/missing.html');
    const listed = await getJson(api, '/api/failed');
    expect(listed.body.items).toEqual([expect.objectContaining({ stage: 'fetch', jobId, url: 'http://127.0.0.1:8765/missing.html', reason: 'HTTP 404 Not Found' })]);
    const post = { method: 'POST', headers: { 'x-newsflow-action': 'retry' } };
    // A cross-site form cannot add a header: a write without it is refused.
    expect((await getJson(api, `/api/failed/fetch/${jobId}/retry`, { method: 'POST' })).status).toBe(403);
    expect((await getJson(api, `/api/failed/bogus/${jobId}/retry`, post)).status).toBe(400);
    expect((await getJson(api, '/api/failed/fetch/no-such-job/retry', post)).status).toBe(404);
    expect(await getJson(api, `/api/failed/fetch/${jobId}/retry`, post)).toEqual({ status: 200, body: { retried: 1 } });
    expect(await api.queues.fetch.getFailedCount()).toBe(0);
    expect(await getJson(api, '/api/failed/retry', post)).toEqual({ status: 200, body: { retried: 0 } });
  });

  it('serves /healthz, /readyz and Prometheus /metrics with request and queue gauges', async () => {
    expect(await getJson(api, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await getJson(api, '/readyz')).toEqual({ status: 200, body: { status: 'ready', redis: 'ok', mongodb: 'ok' } });
    const metrics = await fetch(`${api.origin}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await metrics.text();
    expect(text).toMatch(/newsflow_api_http_requests_total\{method="GET",route="\/api\/articles",status="200"\} \d+/);
    expect(text).toMatch(/newsflow_api_http_requests_total\{method="GET",route="\/api\/articles",status="400"\} \d+/);
    expect(text).toContain('newsflow_api_http_request_duration_seconds_bucket');
    expect(text).toMatch(/newsflow_queue_jobs\{queue="fetch",state="waiting"\} \d+/);
  });

  it('answers only to loopback host names when no token is set (no DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${api.origin}/api/articles`, { headers: { host: 'attacker.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('serves the dashboard with a restrictive content security policy, and Bull Board read-only', async () => {
    const page = await fetch(`${api.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script src="app.js"');
    expect((await fetch(`${api.origin}/app.js`)).status).toBe(200);
    const board = await fetch(`${api.origin}/queues`);
    expect(board.status).toBe(200);
    const queues = await getJson(api, '/queues/api/queues?activeQueue=fetch&status=latest&page=1&jobsPerPage=10');
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((queue: { name: string; readOnlyMode: boolean }) => [queue.name, queue.readOnlyMode])).toEqual([
      ['fetch', true], ['parse', true], ['store', true],
    ]);
  });
});

describe('HTTP API with NEWSFLOW_API_TOKEN', () => {
  const token = 'test-token-0123456789abcdef';
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ token });
    await seedArticles(api.db);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('refuses every route but /healthz without the token', async () => {
    expect((await fetch(`${api.origin}/healthz`)).status).toBe(200);
    for (const path of ['/api/articles', `/api/articles/${FIXTURE.tokayev.id}`, '/api/sources', '/api/stats', '/readyz', '/metrics', '/', '/app.js', '/queues', '/queues/api/queues']) {
      const response = await fetch(`${api.origin}${path}`);
      expect(response.status, path).toBe(401);
    }
    expect((await fetch(`${api.origin}/api/failed/retry`, { method: 'POST' })).status).toBe(401);
    const wrong = await getJson(api, '/api/articles', { headers: { authorization: 'Bearer wrong-token-0123456789' } });
    expect(wrong).toEqual({ status: 401, body: { error: 'invalid token' } });
  });

  it('accepts the token as a bearer header, as ?token= (setting a cookie) and as that cookie', async () => {
    const byHeader = await getJson(api, '/api/articles?lang=tr', { headers: { authorization: `Bearer ${token}` } });
    expect(byHeader.status).toBe(200);
    expect(byHeader.body.total).toBe(1);
    const byQuery = await fetch(`${api.origin}/?token=${token}`);
    expect(byQuery.status).toBe(200);
    const cookie = byQuery.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const byCookie = await fetch(`${api.origin}/api/articles`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(byCookie.status).toBe(200);
    expect((await fetch(`${api.origin}/api/articles?token=${token}&lang=kk`)).status).toBe(200);
  });
});

describe('who may use the API', () => {
  it('binds loopback freely, anything else only with a token of 16+ characters', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('::1')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(isLoopbackHost('192.168.1.5')).toBe(false);
    expect(apiTokenFromEnv({}, '127.0.0.1')).toBeNull();
    expect(apiTokenFromEnv({ NEWSFLOW_API_TOKEN: '' }, '::1')).toBeNull();
    expect(() => apiTokenFromEnv({}, '0.0.0.0')).toThrow(/refusing to listen on 0\.0\.0\.0 without a token/);
    expect(() => apiTokenFromEnv({ NEWSFLOW_API_TOKEN: 'short' }, '127.0.0.1')).toThrow(/NEWSFLOW_API_TOKEN must be at least 16 characters/);
    expect(apiTokenFromEnv({ NEWSFLOW_API_TOKEN: 'a-long-enough-token-42' }, '0.0.0.0')).toBe('a-long-enough-token-42');
  });

  it('`newsflow serve` refuses a public address without a token, naming the fix', async () => {
    const result = await runCli(['serve', '--host', '0.0.0.0', '--port', '0'], { NEWSFLOW_API_TOKEN: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without a token.*NEWSFLOW_API_TOKEN/);
  });
});

describe('outcome timeline buckets', () => {
  it('are the last 12 wall-clock-aligned 5-minute buckets, the newest holding now', () => {
    const buckets = timelineBuckets(new Date('2026-01-01T10:07:30Z'));
    expect(buckets).toHaveLength(12);
    expect(buckets[11]).toEqual({ start: new Date('2026-01-01T10:05:00Z'), end: new Date('2026-01-01T10:10:00Z') });
    expect(buckets[0]).toEqual({ start: new Date('2026-01-01T09:10:00Z'), end: new Date('2026-01-01T09:15:00Z') });
  });
});
