import { describe, expect, it } from 'vitest';
import { chooseCanonical, registrableDomain, sameSite, variantBaseUrl } from '../../src/shared/url/index.js';

describe('registrableDomain', () => {
  it.each([
    ['news.bbc.co.uk', 'bbc.co.uk'],
    ['www.akorda.kz', 'akorda.kz'],
    ['WWW.Hurriyet.com.tr', 'hurriyet.com.tr'],
    ['xn--d1abbgf6aiiy.xn--p1ai', 'xn--d1abbgf6aiiy.xn--p1ai'],
    ['foo.github.io', 'foo.github.io'],
    ['example.com.', 'example.com'],
    ['127.0.0.1', null],
    ['[::1]', null],
    ['localhost', null],
    ['co.uk', null],
  ])('%s → %s', (host, expected) => {
    expect(registrableDomain(host)).toBe(expected);
  });
});

describe('sameSite', () => {
  it.each([
    ['https://www.example.com/a', 'https://m.example.com/b', true],
    ['https://example.com/a', 'http://example.com:8080/b', true],
    ['https://news.bbc.co.uk/', 'https://www.bbc.co.uk/', true],
    ['https://bbc.co.uk/', 'https://itv.co.uk/', false],
    ['https://alice.github.io/x', 'https://bob.github.io/x', false],
    ['http://127.0.0.1/a', 'http://127.0.0.1/b', true],
    ['http://127.0.0.1/a', 'http://127.0.0.2/a', false],
    ['https://example.com/', 'not a url', false],
  ])('%s ~ %s = %s', (a, b, expected) => {
    expect(sameSite(a, b)).toBe(expected);
  });
});

describe('variantBaseUrl', () => {
  it.each([
    ['https://example.com/news/story/amp/', 'https://example.com/news/story/'],
    ['https://example.com/news/story/amp', 'https://example.com/news/story'],
    ['https://example.com/amp/news/story', 'https://example.com/news/story'],
    ['https://example.com/news/story.amp.html', 'https://example.com/news/story.html'],
    ['https://example.com/news/story.amp', 'https://example.com/news/story'],
    ['https://example.com/news/story?amp=1', 'https://example.com/news/story'],
    ['https://example.com/news/story?amp', 'https://example.com/news/story'],
    ['https://example.com/news/story?id=7&amp=true', 'https://example.com/news/story?id=7'],
    ['https://example.com/news/story?output=amp', 'https://example.com/news/story'],
    ['https://example.com/print/news/story', 'https://example.com/news/story'],
    ['https://example.com/news/story/print/', 'https://example.com/news/story/'],
    ['https://example.com/news/story?print=1&utm_source=x', 'https://example.com/news/story'],
    ['https://example.com/news/story?view=print', 'https://example.com/news/story'],
  ])('%s → %s', (variant, base) => {
    expect(variantBaseUrl(variant)).toBe(base);
  });

  it.each([
    'https://example.com/news/story',
    'https://example.com/amp',
    'https://example.com/print/',
    'https://amp.example.com/news/story',
    'https://example.com/news/amplifier',
    'https://example.com/news/story?amp=0',
    'https://example.com/news/story?print=0',
    'ftp://example.com/amp/x',
  ])('%s is not a variant', (url) => {
    expect(variantBaseUrl(url)).toBeNull();
  });
});

describe('chooseCanonical', () => {
  it('trusts a same-site rel=canonical and lists the other forms as aliases', () => {
    expect(
      chooseCanonical({
        requestedUrl: 'https://example.com/a?utm_source=rss',
        finalUrl: 'https://www.example.com/a/amp/',
        declaredCanonical: 'https://www.example.com/a/',
        ogUrl: 'https://www.example.com/a/',
      }),
    ).toEqual({ canonicalUrl: 'https://www.example.com/a/', aliases: ['https://example.com/a', 'https://www.example.com/a/amp/'] });
  });

  it('resolves a relative canonical against the final URL', () => {
    expect(
      chooseCanonical({ requestedUrl: 'https://example.com/x', finalUrl: 'https://example.com/news/x?page=1', declaredCanonical: '../news/x' }),
    ).toEqual({ canonicalUrl: 'https://example.com/news/x', aliases: ['https://example.com/x', 'https://example.com/news/x?page=1'] });
  });

  it('falls back to og:url when there is no rel=canonical', () => {
    expect(chooseCanonical({ requestedUrl: 'https://m.example.com/a', ogUrl: 'https://www.example.com/a' }).canonicalUrl).toBe(
      'https://www.example.com/a',
    );
  });

  it('ignores a cross-site canonical and does not record it as an alias', () => {
    expect(
      chooseCanonical({
        requestedUrl: 'https://mirror.example.net/story',
        finalUrl: 'https://mirror.example.net/story',
        declaredCanonical: 'https://original.example.org/story',
      }),
    ).toEqual({ canonicalUrl: 'https://mirror.example.net/story', aliases: [] });
  });

  it('uses og:url when the rel=canonical is cross-site but og:url is same-site', () => {
    expect(
      chooseCanonical({
        requestedUrl: 'https://example.com/a',
        declaredCanonical: 'https://other.org/a',
        ogUrl: 'https://www.example.com/a',
      }).canonicalUrl,
    ).toBe('https://www.example.com/a');
  });

  it('ignores non-http(s) and garbage declarations', () => {
    for (const declared of ['javascript:alert(1)', 'ftp://example.com/a', 'http://', '   ']) {
      expect(chooseCanonical({ requestedUrl: 'https://example.com/a', declaredCanonical: declared }).canonicalUrl).toBe(
        'https://example.com/a',
      );
    }
  });

  it('falls back to the requested URL when the final URL is invalid, and throws when both are', () => {
    expect(chooseCanonical({ requestedUrl: 'https://example.com/a', finalUrl: 'nonsense' }).canonicalUrl).toBe('https://example.com/a');
    expect(() => chooseCanonical({ requestedUrl: 'mailto:x@example.com' })).toThrow(/mailto/);
  });
});
