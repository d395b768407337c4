import { readFileSync } from 'node:fs';
import * as cheerio from 'cheerio';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { toIsoUtc } from '../../src/shared/discovery/dates.js';
import { DiscoveryParseError } from '../../src/shared/discovery/errors.js';
import { discoverFeedLinks, parseFeed } from '../../src/shared/discovery/feed.js';

const fixture = (name: string): Buffer => readFileSync(`tests/fixtures/discovery/${name}`);
const FEED_URL = 'https://www.akorda.kz/ru/rss';

describe('parseFeed', () => {
  it('RSS 2.0: link, relative link, permalink guid, pubDate and dc:date, HTML summary to text', () => {
    expect(parseFeed(fixture('rss2.xml'), FEED_URL, { timeZone: 'Asia/Almaty' })).toEqual({
      title: 'Akorda — News',
      items: [
        {
          url: 'https://www.akorda.kz/ru/glava-gosudarstva-provel-vstrechu-2410045',
          title: 'Глава государства провел встречу',
          publishedAt: '2024-10-10T09:00:00.000Z',
          summary: 'Касым-Жомарт Токаев принял делегацию.',
        },
        {
          // Relative link resolved against the feed URL, fragment dropped; offset-less dc:date in Almaty time.
          url: 'https://www.akorda.kz/ru/relative-item-2410046',
          title: 'Relative link and dc:date',
          publishedAt: '2024-10-10T05:30:00.000Z',
        },
        { url: 'https://www.akorda.kz/ru/guid-only-2410047', title: 'Link only in a permalink guid' },
        // The item whose only identifier is a non-permalink guid is dropped.
      ],
    });
  });

  it('Atom: rel=alternate text/html link, published before updated, xml-escaped HTML title', () => {
    expect(parseFeed(fixture('atom.xml'), 'https://www.akorda.kz/en/atom.xml')).toEqual({
      title: 'Akorda (en)',
      items: [
        {
          url: 'https://www.akorda.kz/en/head-of-state-receives-delegation-2410043',
          title: 'Head of State receives delegation',
          publishedAt: '2024-10-10T09:00:00.000Z',
          summary: 'President Tokayev received the delegation.',
        },
        {
          url: 'https://www.akorda.kz/en/updated-only-2410049',
          title: 'Only updated, link without rel',
          publishedAt: '2024-10-09T03:15:00.000Z',
          summary: 'Body text',
        },
      ],
    });
  });

  it('RDF / RSS 1.0: items beside the channel', () => {
    expect(parseFeed(fixture('rdf.xml'), 'https://www.akorda.kz/kz/rss')).toEqual({
      title: 'Ақорда жаңалықтары',
      items: [
        {
          url: 'https://www.akorda.kz/kz/memleket-basshysy-2410044',
          title: 'Мемлекет басшысы делегацияны қабылдады',
          publishedAt: '2024-10-10T09:00:00.000Z',
          summary: 'Қасым-Жомарт Тоқаев делегацияны қабылдады.',
        },
      ],
    });
  });

  it('decodes a windows-1251 feed from its XML declaration', () => {
    const xml = '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Новости</title>' +
      '<item><title>Заголовок</title><link>https://example.ru/news/1</link></item></channel></rss>';
    expect(parseFeed(iconv.encode(xml, 'windows-1251'), 'https://example.ru/rss')).toEqual({
      title: 'Новости',
      items: [{ url: 'https://example.ru/news/1', title: 'Заголовок' }],
    });
  });

  it('an empty channel is a feed with no items', () => {
    expect(parseFeed('<rss version="2.0"><channel><title>Empty</title></channel></rss>', FEED_URL)).toEqual({
      title: 'Empty',
      items: [],
    });
  });

  it.each([
    ['malformed', '<rss><channel><item><title>x</channel></rss>', /^feed: malformed XML at line 1/],
    ['HTML page', '<html><body><p>hello</p></body></html>', /^feed: unexpected root element <html>/],
    ['not XML', 'Service Unavailable', /^feed: not XML/],
  ])('%s → DiscoveryParseError', (_, xml, message) => {
    expect(() => parseFeed(xml, FEED_URL)).toThrow(DiscoveryParseError);
    expect(() => parseFeed(xml, FEED_URL)).toThrow(message);
  });
});

describe('discoverFeedLinks', () => {
  const html = fixture('start-page.html').toString();
  const expected = ['https://www.akorda.kz/ru/rss', 'https://www.akorda.kz/ru/atom.xml'];

  it('finds RSS and Atom alternates, honours <base>, dedupes, ignores other links', () => {
    expect(discoverFeedLinks(html, 'https://www.akorda.kz/ru/events')).toEqual(expected);
  });

  it('accepts an already loaded cheerio document', () => {
    expect(discoverFeedLinks(cheerio.load(html), 'https://www.akorda.kz/ru/events')).toEqual(expected);
  });

  it('resolves against the page URL without <base>', () => {
    const page = '<link rel="alternate" type="application/rss+xml" href="/feed.xml"><link rel="alternate" type="text/html" href="/x">';
    expect(discoverFeedLinks(page, 'http://127.0.0.1:8765/news/')).toEqual(['http://127.0.0.1:8765/feed.xml']);
  });
});

describe('toIsoUtc', () => {
  it.each([
    ['Thu, 10 Oct 2024 14:00:00 +0500', 'UTC', '2024-10-10T09:00:00.000Z'],
    ['Thu, 10 Oct 2024 09:00:00 GMT', 'Asia/Almaty', '2024-10-10T09:00:00.000Z'],
    ['2024-10-10T14:00:00+05:00', 'UTC', '2024-10-10T09:00:00.000Z'],
    ['2024-10-10T09:00:00Z', 'Asia/Almaty', '2024-10-10T09:00:00.000Z'],
    ['2024-10-10', 'Asia/Almaty', '2024-10-10T00:00:00.000Z'],
    ['2024-10-10 14:00', 'Asia/Almaty', '2024-10-10T09:00:00.000Z'],
    ['2024-10-10T14:00:00', 'Europe/Istanbul', '2024-10-10T11:00:00.000Z'],
    ['Thu, 10 Oct 2024 12:00:00', 'Europe/Moscow', '2024-10-10T09:00:00.000Z'],
    ['2024-07-01 12:00', 'Europe/Berlin', '2024-07-01T10:00:00.000Z'],
    ['2024-01-01 12:00', 'Europe/Berlin', '2024-01-01T11:00:00.000Z'],
    ['yesterday', 'UTC', undefined],
    ['', 'UTC', undefined],
  ])('%s in %s → %s', (raw, zone, expected) => {
    expect(toIsoUtc(raw, zone)).toBe(expected);
  });
});
