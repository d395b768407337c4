import { describe, expect, it } from 'vitest';
import {
  canonicalizeUrl,
  InvalidUrlError,
  MAX_URL_LENGTH,
  tryCanonicalizeUrl,
  urlKey,
  type InvalidUrlReason,
} from '../../src/shared/url/index.js';

/** [input, expected canonical form] — every expectation was checked by hand against the rules in canonicalize.ts. */
const VALID: Array<[string, string]> = [
  ["https://www.akorda.kz/kz/memlekettik-qyzmet", "https://www.akorda.kz/kz/memlekettik-qyzmet"],
  ["https://www.akorda.kz/kz/Мемлекет-басшысы-Қасым-Жомарт-Тоқаев", "https://www.akorda.kz/kz/%D0%9C%D0%B5%D0%BC%D0%BB%D0%B5%D0%BA%D0%B5%D1%82-%D0%B1%D0%B0%D1%81%D1%88%D1%8B%D1%81%D1%8B-%D2%9A%D0%B0%D1%81%D1%8B%D0%BC-%D0%96%D0%BE%D0%BC%D0%B0%D1%80%D1%82-%D0%A2%D0%BE%D2%9B%D0%B0%D0%B5%D0%B2"],
  ["https://www.akorda.kz/kz/жаңалықтар/ұлттық-құрылтай", "https://www.akorda.kz/kz/%D0%B6%D0%B0%D2%A3%D0%B0%D0%BB%D1%8B%D2%9B%D1%82%D0%B0%D1%80/%D2%B1%D0%BB%D1%82%D1%82%D1%8B%D2%9B-%D2%9B%D2%B1%D1%80%D1%8B%D0%BB%D1%82%D0%B0%D0%B9"],
  ["https://www.akorda.kz/ru/Глава-государства?lang=ru", "https://www.akorda.kz/ru/%D0%93%D0%BB%D0%B0%D0%B2%D0%B0-%D0%B3%D0%BE%D1%81%D1%83%D0%B4%D0%B0%D1%80%D1%81%D1%82%D0%B2%D0%B0?lang=ru"],
  ["https://www.aa.com.tr/tr/gündem/türkiye-ışık-çağı/123", "https://www.aa.com.tr/tr/g%C3%BCndem/t%C3%BCrkiye-%C4%B1%C5%9F%C4%B1k-%C3%A7a%C4%9F%C4%B1/123"],
  ["https://www.hurriyet.com.tr/gundem/İstanbul-şişli-öğrenci", "https://www.hurriyet.com.tr/gundem/%C4%B0stanbul-%C5%9Fi%C5%9Fli-%C3%B6%C4%9Frenci"],
  ["https://ria.ru/20240101/новости.html", "https://ria.ru/20240101/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8.html"],
  ["https://президент.рф/", "https://xn--d1abbgf6aiiy.xn--p1ai/"],
  ["https://Президент.РФ/events/", "https://xn--d1abbgf6aiiy.xn--p1ai/events/"],
  ["https://türkiye.gov.tr/", "https://xn--trkiye-3ya.gov.tr/"],
  ["https://ақорда.қаз/", "https://xn--80aal3bk85c.xn--80ao21a/"],
  ["https://münchen.de/", "https://xn--mnchen-3ya.de/"],
  ["http://example.com:80/", "http://example.com/"],
  ["https://example.com:443/", "https://example.com/"],
  ["http://example.com:443/", "http://example.com:443/"],
  ["https://example.com:80/", "https://example.com:80/"],
  ["https://example.com:8443/a", "https://example.com:8443/a"],
  ["https://example.com/a#section-2", "https://example.com/a"],
  ["https://example.com/a#", "https://example.com/a"],
  ["https://example.com/a/./b/../c", "https://example.com/a/c"],
  ["https://example.com/a/b/../../../c", "https://example.com/c"],
  ["https://example.com/%2e%2e/a", "https://example.com/a"],
  ["https://example.com/%7euser", "https://example.com/~user"],
  ["https://example.com/%7Euser", "https://example.com/~user"],
  ["https://example.com/a%2fb", "https://example.com/a%2Fb"],
  ["https://example.com/a%c3%a9", "https://example.com/a%C3%A9"],
  ["https://example.com/aé", "https://example.com/a%C3%A9"],
  ["https://example.com/%41%42%43-%5f%2E", "https://example.com/ABC-_."],
  ["https://example.com/a?utm_source=tw&utm_medium=social&id=5", "https://example.com/a?id=5"],
  ["https://example.com/a?UTM_Campaign=x&id=5", "https://example.com/a?id=5"],
  ["https://example.com/a?fbclid=abc", "https://example.com/a"],
  ["https://example.com/a?gclid=1&yclid=2&mc_cid=3&mc_eid=4&_ga=5&igshid=6", "https://example.com/a"],
  ["https://example.com/a?id=5&utm_term=x#top", "https://example.com/a?id=5"],
  ["https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"],
  ["https://example.com/a?a=2&a=1", "https://example.com/a?a=1&a=2"],
  ["https://example.com/a?b&a=1&a", "https://example.com/a?a&a=1&b"],
  ["https://example.com/a?", "https://example.com/a"],
  ["https://example.com/a?&", "https://example.com/a"],
  ["https://example.com//a///b//", "https://example.com/a/b/"],
  ["https://example.com/a//b?x=//y", "https://example.com/a/b?x=//y"],
  ["https://www.example.com/a/", "https://www.example.com/a/"],
  ["https://example.com/a/", "https://example.com/a/"],
  ["https://example.com/a", "https://example.com/a"],
  ["https://example.com", "https://example.com/"],
  ["HTTPS://WWW.EXAMPLE.COM/Path/To/Page", "https://www.example.com/Path/To/Page"],
  ["https://example.com./a", "https://example.com/a"],
  ["https://[2001:DB8::1]:443/a", "https://[2001:db8::1]/a"],
  ["https://192.168.0.1:8080/a", "https://192.168.0.1:8080/a"],
  ["  https://example.com/a  ", "https://example.com/a"],
  ["https://example.com/search?q=hello+world&q2=%D0%B6", "https://example.com/search?q=hello+world&q2=%D0%B6"],
  ["https://example.com/search?q=ж", "https://example.com/search?q=%D0%B6"],
  ["https://example.com/a?x=%d0%b6", "https://example.com/a?x=%D0%B6"],
];

/** Each group lists spellings of one resource: all must canonicalise to the same string. */
const EQUIVALENT: string[][] = [
  [
    'https://www.akorda.kz/kz/жаңалықтар',
    'https://www.akorda.kz/kz/%D0%B6%D0%B0%D2%A3%D0%B0%D0%BB%D1%8B%D2%9B%D1%82%D0%B0%D1%80',
    'https://www.akorda.kz/kz/%d0%b6%d0%b0%d2%a3%d0%b0%d0%bb%d1%8b%d2%9b%d1%82%d0%b0%d1%80',
    'HTTPS://WWW.AKORDA.KZ:443/kz//жаңалықтар#top',
  ],
  [
    'https://www.aa.com.tr/tr/gündem/İstanbul',
    'https://www.aa.com.tr/tr/g%C3%BCndem/%C4%B0stanbul',
    'https://www.aa.com.tr/tr/g%c3%bcndem/%c4%b0stanbul?utm_source=twitter',
  ],
  [
    'https://ria.ru/politics/Путин',
    'https://ria.ru/politics/%D0%9F%D1%83%D1%82%D0%B8%D0%BD',
    'https://ria.ru/politics/./%D0%9F%D1%83%D1%82%D0%B8%D0%BD?fbclid=IwAR0',
  ],
  ['https://президент.рф/news', 'https://xn--d1abbgf6aiiy.xn--p1ai/news', 'https://ПРЕЗИДЕНТ.РФ/news'],
  ['https://türkiye.gov.tr/', 'https://xn--trkiye-3ya.gov.tr', 'https://TÜRKIYE.gov.tr:443/'],
  ['https://example.com/a?x=1&y=2', 'https://example.com/a?y=2&x=1', 'https://example.com/a?y=2&utm_medium=email&x=1#c'],
];

/** Spellings that must stay distinct: `www.` and the trailing slash are kept as given, case in paths matters. */
const DISTINCT: Array<[string, string]> = [
  ['https://www.example.com/a', 'https://example.com/a'],
  ['https://example.com/a/', 'https://example.com/a'],
  ['https://example.com/A', 'https://example.com/a'],
  ['http://example.com/a', 'https://example.com/a'],
  ['https://example.com/a?a', 'https://example.com/a?a='],
  ['https://example.com/a%2Fb', 'https://example.com/a/b'],
  ['https://example.com/?id=1', 'https://example.com/?id=2'],
];

const INVALID: Array<[string, InvalidUrlReason, RegExp]> = [
  ['javascript:alert(1)', 'unsupported-scheme', /javascript:/],
  ['JavaScript:void(0)', 'unsupported-scheme', /javascript:/],
  ['file:///etc/passwd', 'unsupported-scheme', /file:/],
  ['ftp://ftp.example.com/pub/file.txt', 'unsupported-scheme', /ftp:/],
  ['mailto:editor@example.com', 'unsupported-scheme', /mailto:/],
  ['data:text/html,<p>x</p>', 'unsupported-scheme', /data:/],
  ['/news/2024/story', 'not-absolute', /not absolute/],
  ['news/story.html', 'not-absolute', /not absolute/],
  ['//example.com/story', 'not-absolute', /not absolute/],
  ['', 'not-absolute', /not absolute/],
  [`https://example.com/${'a'.repeat(10 * 1024)}`, 'too-long', /10260 characters.*4096/],
  ['https://user:secret@example.com/', 'credentials', /credentials/],
  ['https://user@example.com/', 'credentials', /credentials/],
  ['http://', 'empty-host', /empty host/],
  ['https:///', 'empty-host', /empty host/],
  ['https://?q=1', 'empty-host', /empty host/],
  ['http://exa mple.com/', 'malformed', /could not be parsed/],
  ['https://example.com:99999/', 'malformed', /could not be parsed/],
];

describe('canonicalizeUrl', () => {
  it.each(VALID)('%s → %s', (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  it.each(EQUIVALENT.map((group) => [group[0], group] as const))('spellings of %s are equal', (_first, group) => {
    const canonical = new Set(group.map((url) => canonicalizeUrl(url)));
    expect([...canonical]).toHaveLength(1);
  });

  it.each(DISTINCT)('%s and %s stay distinct', (a, b) => {
    expect(canonicalizeUrl(a)).not.toBe(canonicalizeUrl(b));
  });

  it.each(INVALID.map(([input, reason, message]) => [input.length > 80 ? `${input.slice(0, 40)}… (${input.length} chars)` : input, reason, message, input] as const))('rejects %s (%s)', (_label, reason, message, input) => {
    let thrown: unknown;
    try {
      canonicalizeUrl(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidUrlError);
    const error = thrown as InvalidUrlError;
    expect(error.code).toBe('invalid-url');
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(message);
    expect(error.input.length).toBeLessThanOrEqual(201);
  });

  it('accepts a URL of exactly the maximum length', () => {
    const prefix = 'https://example.com/';
    const url = prefix + 'a'.repeat(MAX_URL_LENGTH - prefix.length);
    expect(canonicalizeUrl(url)).toBe(url);
  });

  it('drops configured extra tracking parameters, case-insensitively', () => {
    expect(canonicalizeUrl('https://example.com/a?ref=rss&ID=1&Src=tg', { extraTrackingParams: ['ref', 'SRC'] })).toBe(
      'https://example.com/a?ID=1',
    );
  });

  it('recognises percent-encoded tracking parameter names', () => {
    expect(canonicalizeUrl('https://example.com/a?utm%5Fsource=x&id=1')).toBe('https://example.com/a?id=1');
  });

  it('is idempotent', () => {
    for (const [, expected] of VALID) expect(canonicalizeUrl(expected)).toBe(expected);
  });
});

describe('tryCanonicalizeUrl', () => {
  it('returns the URL or the reason instead of throwing', () => {
    expect(tryCanonicalizeUrl('https://Example.com/a#x')).toEqual({ ok: true, url: 'https://example.com/a' });
    expect(tryCanonicalizeUrl('ftp://example.com/')).toMatchObject({ ok: false, reason: 'unsupported-scheme' });
  });
});

describe('urlKey', () => {
  it('is compact, stable and free of ":"', () => {
    const key = urlKey('https://example.com/');
    expect(key).toMatch(/^[A-Za-z0-9_-]{27}$/);
    expect(urlKey('https://example.com/')).toBe(key);
    expect(urlKey('https://example.com/a')).not.toBe(key);
  });

  it('differs for every distinct canonical URL in the table', () => {
    const canonical = new Set(VALID.map(([, url]) => url).filter((url) => !url.includes(' ')));
    const keys = new Set([...canonical].map(urlKey));
    expect(keys.size).toBe(canonical.size);
  });
});
