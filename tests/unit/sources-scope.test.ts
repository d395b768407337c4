import { describe, expect, it } from 'vitest';
import { sourceProfileSchema, type SourceProfileInput } from '../../src/shared/sources/schema.js';
import { isCrawlableUrl, isInScope, LINK_PRIORITY, linkPriority, sourceForUrl } from '../../src/shared/sources/scope.js';
import { loadSources } from '../../src/shared/sources/load.js';

function profile(overrides: Partial<SourceProfileInput> = {}) {
  return sourceProfileSchema.parse({
    id: 'example',
    name: 'Example',
    startUrls: ['https://www.example.com/news'],
    allowedHosts: ['www.example.com', 'example.com', '127.0.0.1:8765'],
    languages: ['en'],
    ...overrides,
  });
}

describe('isCrawlableUrl', () => {
  it.each([
    ['https://example.com/news/2024/10/10/story', true],
    ['https://example.com/', true],
    ['https://example.com/story.html', true],
    ['https://example.com/page.php?id=5', true],
    ['https://example.com/v1.2/notes', true],
    ['https://example.com/img/photo.JPG', false],
    ['https://example.com/files/report.pdf', false],
    ['https://example.com/app.js?v=3', false],
    ['https://example.com/style.css', false],
    ['https://example.com/font.woff2', false],
    ['https://example.com/video.mp4', false],
    ['mailto:editor@example.com', false],
    ['javascript:void(0)', false],
    ['ftp://example.com/file', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isCrawlableUrl(url)).toBe(expected);
  });
});

describe('isInScope', () => {
  const scoped = profile({
    include: ['^https://(www\\.)?example\\.com/(news|politics)/'],
    exclude: ['/news/tag/', '[?&]print=1'],
  });

  it.each([
    ['start URL even though no include pattern matches it', 'https://www.example.com/news', true],
    ['included article', 'https://www.example.com/news/2024/10/story', true],
    ['second allowed host', 'https://example.com/politics/story', true],
    ['not included', 'https://www.example.com/sport/story', false],
    ['excluded', 'https://www.example.com/news/tag/economy', false],
    ['excluded by query', 'https://www.example.com/news/story?print=1', false],
    ['other host', 'https://evil.example.net/news/story', false],
    ['subdomain not listed', 'https://m.example.com/news/story', false],
    ['host case-insensitive', 'https://WWW.EXAMPLE.COM/news/story', true],
    ['non-http', 'ftp://www.example.com/news/story', false],
    ['garbage', '::', false],
  ])('%s', (_, url, expected) => {
    expect(isInScope(scoped, url)).toBe(expected);
  });

  it('without include patterns admits everything on the allowed hosts', () => {
    expect(isInScope(profile(), 'https://example.com/anything')).toBe(true);
  });

  it('matches host with port exactly', () => {
    const demo = profile();
    expect(isInScope(demo, 'http://127.0.0.1:8765/a')).toBe(true);
    expect(isInScope(demo, 'http://127.0.0.1:8766/a')).toBe(false);
    expect(isInScope(demo, 'http://127.0.0.1/a')).toBe(false);
  });

  it('accepts URL objects', () => {
    expect(isInScope(scoped, new URL('https://example.com/news/x'))).toBe(true);
  });
});

describe('akorda profile scope', async () => {
  const [akorda] = await loadSources('sources');
  it.each([
    ['https://www.akorda.kz/kz/events', true],
    ['https://www.akorda.kz/ru/events?page=3', true],
    ['https://akorda.kz/en/events/international_community', true],
    ['https://www.akorda.kz/ru/glava-gosudarstva-provel-vstrechu-2410045', true],
    ['https://www.akorda.kz/ru/search?q=x', false],
    ['https://www.akorda.kz/de/events', false],
    ['https://akorda.kz.evil.com/ru/events', false],
  ])('%s → %s', (url, expected) => {
    expect(isInScope(akorda!, url)).toBe(expected);
  });
});

describe('linkPriority', () => {
  const { article, likelyArticle, unknown, listing } = LINK_PRIORITY;
  it.each([
    // article-looking
    ['https://example.com/news/2024/10/10/president-met-delegation', article],
    ['https://example.com/2024/10/short', article],
    ['https://example.com/news/20241010-budget', article],
    ['https://www.akorda.kz/ru/glava-gosudarstva-provel-vstrechu-2410045', article],
    ['https://example.com/economy/central-bank-keeps-base-rate-unchanged', article],
    ['https://example.com/news/story-123456.html', article],
    ['https://tengrinews.kz/kazakhstan_news/%D0%B3%D0%BB%D0%B0%D0%B2%D0%B0-%D0%B3%D0%BE%D1%81%D1%83%D0%B4%D0%B0%D1%80%D1%81%D1%82%D0%B2%D0%B0-%D0%BF%D1%80%D0%BE%D0%B2%D0%B5%D0%BB-%D0%B2%D1%81%D1%82%D1%80%D0%B5%D1%87%D1%83-541234/', article],
    // weak signals
    ['https://example.com/news/budget-vote-today', likelyArticle],
    ['https://example.com/news/item/123456', likelyArticle],
    ['https://example.com/read.php?id=5', likelyArticle],
    // listings
    ['https://example.com/', listing],
    ['https://example.com/news', listing],
    ['https://www.akorda.kz/ru/events', listing],
    ['https://example.com/tag/economy-and-finance-of-kazakhstan', listing],
    ['https://example.com/author/ivan-petrov', listing],
    ['https://example.com/category/politics', listing],
    ['https://example.com/news/page/2', listing],
    ['https://example.com/news?page=2', listing],
    ['https://www.hurriyet.com.tr/etiket/ekonomi', listing],
    ['https://example.kz/ru/rubrika/obshchestvo', listing],
    ['https://example.ru/%D1%82%D0%B5%D0%B3/%D1%8D%D0%BA%D0%BE%D0%BD%D0%BE%D0%BC%D0%B8%D0%BA%D0%B0', listing],
    // nothing either way
    ['https://example.com/about/contacts/office', unknown],
  ])('%s → %i', (url, expected) => {
    expect(linkPriority(url)).toBe(expected);
  });

  it('orders articles before listings', () => {
    expect(linkPriority('https://example.com/2024/10/10/a-b-c-d')).toBeLessThan(linkPriority('https://example.com/tag/a'));
  });
});

describe('sourceForUrl', () => {
  const a = profile({ id: 'a', include: ['/news/'] });
  const b = profile({ id: 'b', include: ['/sport/'] });
  const other = profile({ id: 'other', startUrls: ['https://other.org/'], allowedHosts: ['other.org'] });

  it.each([
    ['https://example.com/sport/match', 'b'],
    ['https://example.com/news/story', 'a'],
    ['https://example.com/weather', 'a'],
    ['https://other.org/x', 'other'],
    ['https://unknown.org/x', undefined],
    ['nonsense', undefined],
  ])('%s → %s', (url, expected) => {
    expect(sourceForUrl([a, b, other], url)?.id).toBe(expected);
  });
});
