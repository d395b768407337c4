import { createReadStream } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readUrlLines } from '../../src/cli/url-input.js';
import { ConfigError, loadConfig } from '../../src/shared/config.js';
import { extractArticle } from '../../src/shared/extract/index.js';
import { decodeHtml } from '../../src/shared/fetch/charset.js';
import { parseArticleQuery, QueryValidationError, toMongoQuery } from '../../src/shared/query/article-query.js';
import { loadSources, parseSourceProfile, SourceProfileError } from '../../src/shared/sources/load.js';
import { tryCanonicalizeUrl } from '../../src/shared/url/canonicalize.js';
import { isStorableArticle } from '../../src/workers/article-gate.js';
import { decodePage } from '../../src/workers/parse-page.js';
import { ArticleTooLargeError, articleDocumentFor } from '../../src/shared/article-document.js';
import { StageError } from '../../src/shared/errors.js';
import { HOSTILE_PAGES, HUGE_TEXT_NODE_BYTES, hostilePage, poisonPageHtml } from '../helpers/hostile-pages.js';

/**
 * Bad-input corpus, unit level (issue 8): URLs, URL files, configuration, source profiles, query
 * parameters and hostile HTML straight into the pure core. The same inputs go through the CLI and
 * the pipeline in tests/integration/bad-input-*.test.ts.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/bad-input');
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F]/;

async function lines(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readUrlLines(createReadStream(path.join(FIXTURES, 'urls', file), { encoding: 'utf8' }))) out.push(line);
  return out;
}

describe('bad input: URLs', () => {
  it.each([
    ['not a url', 'not-absolute'],
    ['javascript:alert(document.cookie)', 'unsupported-scheme'],
    ['file:///etc/passwd', 'unsupported-scheme'],
    ['ftp://example.com/file.txt', 'unsupported-scheme'],
    ['data:text/html;base64,PHNjcmlwdD4=', 'unsupported-scheme'],
    [`https://example.com/${'a'.repeat(10_240)}`, 'too-long'],
    ['https://user:secret@example.com/private.html', 'credentials'],
    ['https://token@example.com/', 'credentials'],
    ['http://', 'empty-host'],
    ['https://exa mple.com/', 'malformed'],
    ['//example.com/no-scheme.html', 'not-absolute'],
    ['https://example.com:99999/', 'malformed'],
  ])('rejects %j with reason %s and a readable message', (input, reason) => {
    const result = tryCanonicalizeUrl(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(reason);
    expect(result.message.length).toBeGreaterThan(10);
    expect(result.message.length).toBeLessThan(300); // a 10 kB URL is not echoed back in full
  });

  it('accepts an IDN homograph but canonicalizes it to punycode, so it cannot pass for the real host', () => {
    const result = tryCanonicalizeUrl('https://\u0430pple.com/'); // Cyrillic а
    expect(result).toEqual({ ok: true, url: 'https://xn--pple-43d.com/' });
    expect(tryCanonicalizeUrl('https://apple.com/')).toEqual({ ok: true, url: 'https://apple.com/' });
  });

  it('percent-encodes a NUL in the path instead of passing it on raw', () => {
    const result = tryCanonicalizeUrl('https://example.com/a\u0000b');
    expect(result).toEqual({ ok: true, url: 'https://example.com/a%00b' });
  });
});

describe('bad input: URL files', () => {
  it('reads nothing from an empty file', async () => {
    expect(await lines('empty.txt')).toEqual([]);
  });

  it('strips CRLF line endings, blank lines, comments and surrounding spaces', async () => {
    const urls = await lines('crlf.txt');
    expect(urls).toEqual(['http://127.0.0.1:9/crlf/one.html', 'http://127.0.0.1:9/crlf/two.html?utm_source=x']);
    for (const url of urls) expect(url).not.toMatch(/\r/);
    expect(urls.map((url) => tryCanonicalizeUrl(url))).toEqual([
      { ok: true, url: 'http://127.0.0.1:9/crlf/one.html' },
      { ok: true, url: 'http://127.0.0.1:9/crlf/two.html' },
    ]);
  });

  it('turns a binary file into lines that are each rejected, never accepted or thrown on', async () => {
    const urls = await lines('binary.bin');
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(tryCanonicalizeUrl(url).ok).toBe(false);
  });

  it('rejects every hostile line of a mixed file except the IDN homograph', async () => {
    const results = (await lines('hostile.txt')).map((url) => tryCanonicalizeUrl(url));
    expect(results).toHaveLength(11);
    expect(results.filter((result) => result.ok)).toEqual([{ ok: true, url: 'https://xn--pple-43d.com/' }]);
  });
});

describe('bad input: configuration (environment)', () => {
  const failure = (env: Record<string, string>): string => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it.each([
    ['NEWSFLOW_ATTEMPTS', '1.5', 'whole number'],
    ['NEWSFLOW_ATTEMPTS', '[]', 'must be a number'],
    ['NEWSFLOW_ATTEMPTS', 'Infinity', 'must be a number'],
    ['NEWSFLOW_MAX_BODY_BYTES', '10MB', 'must be a number'],
    ['NEWSFLOW_RECRAWL_WINDOW_HOURS', '-1', '> 0'],
    ['NEWSFLOW_SHUTDOWN_TIMEOUT_S', 'true', 'must be a number'],
    ['NEWSFLOW_ROBOTS', 'ON', "'on' or 'off'"],
    ['MONGODB_URL', 'mongodb:// spaced', 'mongodb://'],
  ])('rejects the wrong type %s=%j naming the variable', (name, value, hint) => {
    const message = failure({ [name]: value });
    expect(message).toContain(`${name}=${JSON.stringify(value)}`);
    expect(message).toContain(hint);
  });

  it('names a misspelt NEWSFLOW_ variable with the likely fix, and starts with the default', () => {
    // The environment is shared with every other program: unknown names are warnings, not errors.
    const config = loadConfig({ NEWSFLOW_FETCH_CONCURENCY: '4', NEWSFLOW_BOGUS: '{"$gt":""}', NEWSFLOW_API_TOKEN: 'x', PATH: '/bin' });
    expect(config.concurrency.fetch).toBe(16);
    expect(config.warnings).toEqual([
      'NEWSFLOW_BOGUS is not a newsflow setting; it has no effect',
      'NEWSFLOW_FETCH_CONCURENCY is not a newsflow setting (did you mean NEWSFLOW_FETCH_CONCURRENCY?); it has no effect',
    ]);
  });
});

describe('bad input: source profiles', () => {
  it('names the file and field of every wrong type', () => {
    const result = parseSourceProfile(JSON.stringify({ id: 'x', name: 42, startUrls: 'https://x.example/', allowedHosts: ['x.example'], languages: ['en'], maxDepth: 2.5 }), 'sources/x.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContain('sources/x.json: name: must be a string, got number');
    expect(result.problems).toContain('sources/x.json: startUrls: must be an array, got string');
    expect(result.problems).toContain('sources/x.json: maxDepth: must be an integer, got 2.5');
  });

  it('rejects unknown (misspelt) keys at every level', () => {
    const result = parseSourceProfile(JSON.stringify({ id: 'x', name: 'X', startUrls: ['https://x.example/'], allowedHosts: ['x.example'], languages: ['en'], exlude: [], politeness: { minIntervalMS: 1 } }), 'x.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(expect.arrayContaining(['x.json: unknown key "exlude"', 'x.json: politeness: unknown key "minIntervalMS"']));
  });

  it.each([
    ['', 'invalid JSON'],
    ['null', 'must be an object'],
    ['[]', 'must be an object'],
    ['"a string"', 'must be an object'],
    ['{"__proto__": {"polluted": true}}', 'is required'],
  ])('rejects the profile text %j with a clear problem', (text, hint) => {
    const result = parseSourceProfile(text, 'p.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.join('\n')).toContain(hint);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lists every problem of every file of a bad folder at once', async () => {
    let error: unknown;
    try {
      await loadSources(path.join(FIXTURES, 'sources-bad'));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SourceProfileError);
    const problems = (error as SourceProfileError).problems.join('\n');
    expect(problems).toMatch(/wrong-types\.json: name: must be a string, got number/);
    expect(problems).toMatch(/wrong-types\.json: politeness\.maxConcurrent: must be a number, got string/);
    expect(problems).toMatch(/unknown-keys\.json: unknown key "exlude"/);
    expect(problems).toMatch(/invalid-json\.json: invalid JSON/);
    expect(problems).toMatch(/hostile-values\.json: startUrls\[0\]: must be an http\(s\) URL/);
    expect(problems).toMatch(/hostile-values\.json: include\[0\]: invalid regular expression/);
    expect(problems).toMatch(/hostile-values\.json: timeZone: must be an IANA time zone/);
  });
});

describe('bad input: query parameters', () => {
  const rejected = (input: Record<string, unknown>): string => {
    try {
      parseArticleQuery(input);
    } catch (error) {
      expect(error).toBeInstanceOf(QueryValidationError);
      return (error as Error).message;
    }
    throw new Error('expected a QueryValidationError');
  };

  it('treats an operator injected as a string as a literal value', () => {
    const query = toMongoQuery(parseArticleQuery({ source: '{"$gt":""}' }));
    expect(query.filter).toEqual({ source: '{"$gt":""}' });
  });

  it('refuses operator objects outright', () => {
    expect(rejected({ author: { $ne: null } })).toMatch(/^author:/);
    expect(rejected({ source: { $gt: '' } })).toMatch(/^source:/);
    expect(rejected({ lang: '$where' })).toMatch(/^lang:/);
  });

  it.each([
    [{ limit: '100000000' }, 'limit: must be at most 10000'],
    [{ limit: '-1' }, 'limit: must be at least 1'],
    [{ skip: 'abc' }, 'skip: must be a number'],
    [{ since: 'yesterday' }, 'since: must be a date'],
    [{ since: '2024-13-45' }, 'since: must be a date'],
    [{ until: '0000-00-00' }, 'until: must be a date'],
  ])('rejects %j with %j', (input, message) => {
    expect(rejected(input)).toContain(message);
  });

  it('rejects an impossible calendar date instead of rolling it over to the next month', () => {
    // Date.parse('2024-02-30') is 2024-03-01: the filter would silently mean something else.
    expect(rejected({ until: '2024-02-30' })).toContain('until: must be a date');
  });
});

describe('bad input: hostile HTML straight into extractArticle', () => {
  const origin = 'http://127.0.0.1:8000';

  it.each(HOSTILE_PAGES.map((page) => [page.name, page.what, page] as const))('%s (%s): no throw, bounded, clean output', (_name, _what, page) => {
    const { html } = decodeHtml(page.body(), page.contentType);
    const started = performance.now();
    const article = extractArticle(html, `${origin}/html/${page.name}`);
    expect(performance.now() - started).toBeLessThan(15_000);
    if (page.title !== undefined) expect(article.title).toBe(page.title);
    if (page.mustContain !== undefined) expect(article.bodyText).toContain(page.mustContain);
    expect(article.bodyText.length).toBeLessThanOrEqual(html.length);
    for (const text of [article.title ?? '', article.bodyText, ...article.relatedLinks.map((link) => link.title)]) expect(text).not.toMatch(CONTROL);
    for (const link of [...article.relatedLinks, ...article.outlinks]) expect(link.url).toMatch(/^https?:\/\/[^/]/);
    for (const image of article.images) expect(image.src).toMatch(/^https?:\/\/[^/]/);
    // The garbage page's storability has its own test below (a known gap, reported).
    if (page.name !== 'binary-garbage.html') {
      const stored = isStorableArticle(article);
      expect(page.outcomes.includes(stored ? 'stored' : 'not-article') || page.outcomes.includes('too-large')).toBe(true);
    }
  }, 30_000);

  it(`keeps a ${HUGE_TEXT_NODE_BYTES / 1024 / 1024} MB text node away from the article store`, () => {
    const page = hostilePage('huge-text-node.html');
    const article = extractArticle(page.body().toString('utf8'), `${origin}/html/huge-text-node.html`);
    // Either the extractor calls it no article, or the store stage refuses it as too large (permanently).
    if (isStorableArticle(article)) {
      expect(() => articleDocumentFor(article, {
        url: `${origin}/html/huge-text-node.html`, canonicalUrl: `${origin}/html/huge-text-node.html`, finalUrl: `${origin}/html/huge-text-node.html`,
        pageId: 'p', sourceId: null, httpStatus: 200, contentType: 'text/html', fetchedAt: new Date(), fetchJobId: 'j',
      }, [])).toThrow(ArticleTooLargeError);
    }
  }, 30_000);

  it('keeps only absolute http(s) related links: relative and protocol-relative resolved, data:/javascript:/mailto: dropped', () => {
    const { html } = decodeHtml(hostilePage('related-links.html').body(), 'text/html; charset=utf-8');
    const article = extractArticle(html, `${origin}/html/related-links.html`);
    expect(article.relatedLinks.map((link) => link.url)).toEqual([
      `${origin}/html/devami.html`,
      'http://cdn.example.org/haber/baska.html',
      'https://spor.example.org/son-dakika.html',
      `${origin}/kultur/sanat-haberi.html`,
    ]);
  });

  it('ignores a javascript: <base href> and resolves against the page URL', () => {
    const { html } = decodeHtml(hostilePage('base-javascript.html').body(), 'text/html; charset=utf-8');
    const urls = extractArticle(html, `${origin}/html/base-javascript.html`).relatedLinks.map((link) => link.url);
    expect(urls).toContain(`${origin}/html/devami.html`);
    expect(urls.join(' ')).not.toMatch(/javascript|data:|mailto:/);
  });

  it('resolves against an other-host <base href> as a browser would, still only http(s)', () => {
    const { html } = decodeHtml(hostilePage('base-other-host.html').body(), 'text/html; charset=utf-8');
    const urls = extractArticle(html, `${origin}/html/base-other-host.html`).relatedLinks.map((link) => link.url);
    expect(urls).toEqual([
      'https://other-host.example/kok/devami.html',
      'https://cdn.example.org/haber/baska.html',
      'https://spor.example.org/son-dakika.html',
      'https://other-host.example/kultur/sanat-haberi.html',
    ]);
  });

  it('does not store 256 kB of binary garbage labelled text/html as an article', () => {
    const page = hostilePage('binary-garbage.html');
    let error: unknown;
    try {
      decodePage(page.body(), page.contentType, undefined);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StageError);
    expect(error).toMatchObject({ code: 'decode-error', permanent: true });
  });

  it('survives JSON-LD with a 300,000-element array (once a RangeError from spreading it into push)', () => {
    expect(() => extractArticle(poisonPageHtml(), `${origin}/poison/x.html`)).not.toThrow();
  });
});
