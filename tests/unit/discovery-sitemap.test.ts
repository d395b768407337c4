import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DiscoveryParseError } from '../../src/shared/discovery/errors.js';
import { discoverSitemapUrls, sitemapUrlsFromRobots } from '../../src/shared/discovery/robots.js';
import { parseSitemap, SITEMAP_PROTOCOL_MAX_URLS } from '../../src/shared/discovery/sitemap.js';

const fixture = (name: string): Buffer => readFileSync(`tests/fixtures/discovery/${name}`);
const BASE = 'https://www.akorda.kz/sitemap.xml';

function urlset(count: number): string {
  const urls = Array.from({ length: count }, (_, i) => `<url><loc>https://example.com/news/article-${i}</loc></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>`;
}

function parseError(run: () => unknown): DiscoveryParseError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DiscoveryParseError);
    return error as DiscoveryParseError;
  }
  throw new Error('expected a DiscoveryParseError');
}

describe('parseSitemap', () => {
  it('reads a sitemap index: absolute and relative children, lastmod to UTC, non-http skipped', () => {
    expect(parseSitemap(fixture('sitemap-index.xml'), BASE)).toEqual({
      kind: 'index',
      sitemaps: [
        { url: 'https://www.akorda.kz/sitemap-news.xml', lastmod: '2024-10-10T09:05:00.000Z' },
        { url: 'https://www.akorda.kz/sitemap-pages.xml.gz' },
      ],
      truncated: false,
    });
  });

  it('gunzips a compressed child (detected by magic bytes) and reads offset-less dates in the source zone', () => {
    const gz = fixture('sitemap-pages.xml.gz');
    expect(gz[0]).toBe(0x1f);
    expect(parseSitemap(gz, 'https://www.akorda.kz/sitemap-pages.xml.gz', { timeZone: 'Asia/Almaty' })).toEqual({
      kind: 'urlset',
      entries: [
        { url: 'https://www.akorda.kz/ru/events', lastmod: '2024-10-10T00:00:00.000Z' },
        // "2024-10-10 14:00" in Almaty (UTC+5); whitespace around <loc> trimmed.
        { url: 'https://www.akorda.kz/ru/glava-gosudarstva-provel-vstrechu-s-delegaciei-2410045', lastmod: '2024-10-10T09:00:00.000Z' },
        // Unparseable lastmod dropped, entry kept; the <url> without <loc> skipped.
        { url: 'https://www.akorda.kz/ru/page-with-bad-date-2410046' },
      ],
      truncated: false,
    });
  });

  it('gives the same result for the gzipped and plain fixture', () => {
    expect(parseSitemap(fixture('sitemap-pages.xml.gz'), BASE)).toEqual(parseSitemap(fixture('sitemap-pages.xml'), BASE));
  });

  it('reads Google News entries (title, publication date, nested language)', () => {
    expect(parseSitemap(fixture('sitemap-news.xml'), BASE)).toEqual({
      kind: 'urlset',
      entries: [
        {
          url: 'https://www.akorda.kz/kz/memleket-basshysy-delegaciyany-qabyldady-2410044',
          newsTitle: 'Мемлекет басшысы делегацияны қабылдады',
          newsPublicationDate: '2024-10-10T09:00:00.000Z',
          language: 'kk',
        },
        {
          url: 'https://www.akorda.kz/en/head-of-state-receives-delegation-2410043',
          newsTitle: 'Head of State receives delegation & guests',
          newsPublicationDate: '2024-10-10T00:00:00.000Z',
          language: 'en',
        },
      ],
      truncated: false,
    });
  });

  it('truncates a 60,000-URL sitemap at the protocol limit of 50,000', () => {
    const result = parseSitemap(urlset(60_000), 'https://example.com/sitemap.xml');
    expect(result.kind).toBe('urlset');
    if (result.kind !== 'urlset') return;
    expect(result.truncated).toBe(true);
    expect(result.entries).toHaveLength(SITEMAP_PROTOCOL_MAX_URLS);
    expect(result.entries.at(-1)).toEqual({ url: 'https://example.com/news/article-49999' });
  });

  it('honours a lower configurable cap', () => {
    const result = parseSitemap(urlset(10), 'https://example.com/', { maxUrls: 3 });
    expect(result).toMatchObject({ kind: 'urlset', truncated: true });
    expect(result.kind === 'urlset' && result.entries.map((entry) => entry.url)).toEqual([
      'https://example.com/news/article-0',
      'https://example.com/news/article-1',
      'https://example.com/news/article-2',
    ]);
    expect(parseSitemap(urlset(3), 'https://example.com/', { maxUrls: 3 })).toMatchObject({ truncated: false });
  });

  it('accepts plain-text sitemaps and feeds used as sitemaps', () => {
    expect(parseSitemap('https://example.com/a\r\nhttps://example.com/b\n\n', 'https://example.com/sitemap.txt')).toEqual({
      kind: 'urlset',
      entries: [{ url: 'https://example.com/a' }, { url: 'https://example.com/b' }],
      truncated: false,
    });
    const fromFeed = parseSitemap(fixture('rss2.xml'), 'https://www.akorda.kz/ru/rss');
    expect(fromFeed.kind === 'urlset' && fromFeed.entries[0]).toEqual({
      url: 'https://www.akorda.kz/ru/glava-gosudarstva-provel-vstrechu-2410045',
      lastmod: '2024-10-10T09:00:00.000Z',
    });
  });

  it.each([
    ['unclosed element', fixture('malformed.xml'), 'parse-error', /^sitemap: malformed XML at line 5, column 3: Expected closing tag 'url'/],
    ['truncated download', urlset(5).slice(0, 150), 'parse-error', /^sitemap: malformed XML/],
    ['HTML error page', '<!doctype html><html><body><p>Not found</body></html>', 'parse-error', /^sitemap: malformed XML/],
    ['other root element', '<?xml version="1.0"?><html><body/></html>', 'parse-error', /^sitemap: unexpected root element <html>/],
    ['empty body', '  \n', 'parse-error', /^sitemap: empty body$/],
    ['JSON', '{"error": "not found"}', 'parse-error', /^sitemap: neither XML nor a list of URLs/],
    ['gzip magic, corrupt body', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03]), 'decode-error', /^invalid gzip body/],
  ] as const)('%s → DiscoveryParseError', (_, input, code, message) => {
    const error = parseError(() => parseSitemap(input, BASE));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('refuses a gzip bomb beyond the decompressed-size cap', () => {
    const bomb = gzipSync(Buffer.alloc(2 * 1024 * 1024, 0x20));
    const error = parseError(() => parseSitemap(bomb, BASE, { maxDecompressedBytes: 1024 * 1024 }));
    expect(error.code).toBe('too-large');
    expect(error.message).toBe('gzip body exceeds 1048576 bytes when decompressed');
  });
});

describe('robots.txt sitemaps', () => {
  it('reads Sitemap: lines case-insensitively, resolves relative ones, drops duplicates and non-http', () => {
    expect(sitemapUrlsFromRobots(fixture('robots.txt').toString(), 'https://www.akorda.kz')).toEqual([
      'https://www.akorda.kz/sitemap.xml',
      'https://www.akorda.kz/sitemap-news.xml',
    ]);
  });

  it.each([
    ['robots lists it already', 'Sitemap: https://example.com/sitemap.xml', ['https://example.com/sitemap.xml']],
    ['robots lists another', 'Sitemap: https://example.com/news.xml', ['https://example.com/news.xml', 'https://example.com/sitemap.xml']],
    ['no robots.txt', null, ['https://example.com/sitemap.xml']],
  ])('discover: %s', (_, robots, expected) => {
    expect(discoverSitemapUrls(robots, 'https://example.com')).toEqual(expected);
  });
});
