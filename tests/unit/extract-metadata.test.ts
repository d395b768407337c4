import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { extractMetadata } from '../../src/shared/extract/metadata/index.js';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../fixtures/metadata/${name}`, import.meta.url)), 'utf8');

/** Parses like the extractor does: htmlparser2 in HTML mode. */
const parse = (html: string) => load(html, { xml: { xmlMode: false, decodeEntities: true } });

const page = (head: string, body: string, lang = 'en'): string =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;

const run = (html: string, url = 'https://news.example.com/a/1', bodyText = '', hints?: Parameters<typeof extractMetadata>[0]['hints']) =>
  extractMetadata({ $: parse(html), url, bodyText, ...(hints ? { hints } : {}) });

describe('extractMetadata: fixtures', () => {
  it('reads a Kazakh page: content language, visible Kazakh date, credits, canonical/AMP, sidebar ignored', () => {
    const html = fixture('kazakh-news.html');
    const bodyText =
      'Мемлекет басшысы Ақордада Қытай Халық Республикасының делегациясын қабылдады. Кездесуде екі ел арасындағы сауда-экономикалық ынтымақтастықтың барысы талқыланды.\n\nАвторлар: Айгүл Сейітқызы\n\nСурет: https://www.akorda.kz/kz';
    const meta = run(html, 'https://akorda.example.kz/kk/news/123', bodyText);
    expect(meta.language).toBe('kk'); // html lang says ru
    expect(meta.title).toBe('Президент Қытай делегациясын қабылдады');
    expect(meta.siteName).toBe('Akorda News');
    expect(meta.publishedAt).toBe('2024-10-10T14:35:00.000Z');
    expect(meta.authors).toEqual(['Айгүл Сейітқызы']);
    expect(meta.credits).toContainEqual({ role: 'photo', url: 'https://www.akorda.kz/kz' });
    expect(meta.canonicalUrl).toBe('https://akorda.example.kz/kk/news/123');
    expect(meta.ampUrl).toBe('https://akorda.example.kz/amp/kk/news/123');
    expect(meta.lead).toMatch(/^Мемлекет басшысы/);
  });

  it('reads a Turkish page: JSON-LD @graph dates with offset, named reporter beats "Editör", commenters ignored', () => {
    const html = fixture('turkish-news.html');
    const bodyText =
      'Haber: Abdullah Yiğit – Fotoğraf: https://www.akorda.kz/kz\n\nBaşkentte uzun süredir beklenen metro hattı bugün düzenlenen törenle hizmete açıldı. Yeni hattın günde yüz bin yolcuya hizmet vermesi bekleniyor.';
    const meta = run(html, 'https://ornekhaber.example.com/gundem/metro', bodyText);
    expect(meta.title).toBe("Ankara'da yeni metro hattı açıldı");
    expect(meta.publishedAt).toBe('2024-10-10T11:30:00.000Z');
    expect(meta.modifiedAt).toBe('2024-10-10T13:00:00.000Z');
    expect(meta.authors).toEqual(['Abdullah Yiğit']);
    expect(meta.authors).not.toContain('Yorumcu Ahmet');
    expect(meta.credits).toEqual([{ role: 'photo', url: 'https://www.akorda.kz/kz' }]);
    expect(meta.language).toBe('tr');
    expect(meta.section).toBe('Gündem');
    expect(meta.tags).toEqual(['Ankara', 'Metro', 'ulaşım']);
    expect(meta.siteName).toBe('Örnek Haber');
  });
});

describe('extractMetadata: visible dates in four languages', () => {
  const cases: Array<{ name: string; text: string; lang: string; want: string }> = [
    { name: 'Kazakh day month year', text: '10 қазан 2024 жыл', lang: 'kk', want: '2024-10-10T00:00:00.000Z' },
    { name: 'Kazakh year-first', text: '2024 жылғы 10 қазан, 09:15', lang: 'kk', want: '2024-10-10T09:15:00.000Z' },
    { name: 'Russian genitive', text: '10 октября 2024 года', lang: 'ru', want: '2024-10-10T00:00:00.000Z' },
    { name: 'Russian with time', text: '10 октября 2024 года, 18:05', lang: 'ru', want: '2024-10-10T18:05:00.000Z' },
    { name: 'Turkish with weekday and time', text: '10 Ekim 2024 Perşembe 14:30', lang: 'tr', want: '2024-10-10T14:30:00.000Z' },
    { name: 'Turkish short month', text: '05 Ara 2023', lang: 'tr', want: '2023-12-05T00:00:00.000Z' },
    { name: 'English month-day-year', text: 'October 10, 2024', lang: 'en', want: '2024-10-10T00:00:00.000Z' },
    { name: 'English abbreviated', text: '10 Oct 2024', lang: 'en', want: '2024-10-10T00:00:00.000Z' },
    { name: 'English with pm', text: 'Oct. 10, 2024 at 3:45 pm', lang: 'en', want: '2024-10-10T15:45:00.000Z' },
    { name: 'numeric day.month.year with time', text: '10.10.2024 14:35', lang: 'ru', want: '2024-10-10T14:35:00.000Z' },
    { name: 'stated GMT offset', text: '10.10.2024 14:35 (GMT+3)', lang: 'tr', want: '2024-10-10T11:35:00.000Z' },
    { name: 'stated UTC+5', text: '10 қазан 2024 жыл, 14:35 UTC+5', lang: 'kk', want: '2024-10-10T09:35:00.000Z' },
    { name: 'named zone MSK', text: '10 октября 2024, 12:00 MSK', lang: 'ru', want: '2024-10-10T09:00:00.000Z' },
  ];
  it.each(cases)('$name: $text', ({ text, lang, want }) => {
    const html = page('<title>Headline of the story</title>', `<article><h1>Headline of the story</h1><div class="meta"><span class="date">${text}</span></div><p>Body.</p></article>`, lang);
    expect(run(html).publishedAt).toBe(want);
  });
});

describe('extractMetadata: date sources and sanity', () => {
  it('reads a date in the byline block when the name and the date are separate blocks ("Kim" + "December 17")', () => {
    const html = page('', '<main><div class="post-author-details"><p>Luke Kim</p><small>December 17, 2025</small></div><p>Text.</p></main>');
    expect(run(html).publishedAt?.slice(0, 10)).toBe('2025-12-17');
    const ru = page('', '<main><div class="author-info"><p>Иван Петров</p><span>17 декабря 2025</span></div><p>Текст.</p></main>', 'ru');
    expect(run(ru).publishedAt?.slice(0, 10)).toBe('2025-12-17');
  });

  it('takes the date from a URL slug with "+" or "%20" between words', () => {
    expect(run(page('', '<p>No date shown.</p>'), 'https://blog.example.fr/articles/2025-12-15+Rust+GCC+backend').publishedAt).toBe('2025-12-15T00:00:00.000Z');
    expect(run(page('', '<p>No date shown.</p>'), 'https://blog.example.fr/notes/2025-12-15%20release').publishedAt).toBe('2025-12-15T00:00:00.000Z');
  });

  it('uses the offset stated in metadata for visible dates without one', () => {
    const html = page(
      '<meta property="article:modified_time" content="2024-10-11T10:00:00+03:00">',
      '<article><h1>Title</h1><span class="date">10 Ekim 2024 14:30</span></article>',
      'tr',
    );
    expect(run(html).publishedAt).toBe('2024-10-10T11:30:00.000Z');
  });

  it("reads visible dates without an offset in the source's time zone (hint), DST included", () => {
    const kk = page('', '<article><h1>Тақырып</h1><div class="news-date">10 қазан 2024, 12:40</div></article>', 'kk');
    expect(run(kk, 'https://akorda.example.kz/kz/1', '', { timeZone: 'Asia/Almaty' }).publishedAt).toBe('2024-10-10T07:40:00.000Z');
    const summer = page('', '<article><h1>Title</h1><span class="date">July 1, 2024 12:00</span></article>');
    expect(run(summer, undefined, '', { timeZone: 'America/New_York' }).publishedAt).toBe('2024-07-01T16:00:00.000Z');
    const winter = page('', '<article><h1>Title</h1><span class="date">January 10, 2024 12:00</span></article>');
    expect(run(winter, undefined, '', { timeZone: 'America/New_York' }).publishedAt).toBe('2024-01-10T17:00:00.000Z');
  });

  it('keeps an offset the page states over the time-zone hint; an unknown zone falls back to the page offset', () => {
    const stated = page('<meta property="article:published_time" content="2024-10-10T12:40:00+03:00">', '<article><h1>Title</h1></article>', 'ru');
    expect(run(stated, undefined, '', { timeZone: 'Asia/Almaty' }).publishedAt).toBe('2024-10-10T09:40:00.000Z');
    const html = page(
      '<meta property="article:modified_time" content="2024-10-11T10:00:00+03:00">',
      '<article><h1>Title</h1><span class="date">10 Ekim 2024 14:30</span></article>',
      'tr',
    );
    expect(run(html, undefined, '', { timeZone: 'Not/AZone' }).publishedAt).toBe('2024-10-10T11:30:00.000Z');
  });

  it('ignores <time> in sidebars, related lists, comments and footers', () => {
    const html = page(
      '',
      `<aside><time datetime="2025-05-01">May 1, 2025</time></aside>
       <div class="related-posts"><time datetime="2025-04-01">April 1, 2025</time></div>
       <article><h1>Title</h1><header><time datetime="2024-10-10T08:00:00Z">10 Oct 2024</time></header><p>Text</p>
       <div id="comments"><time datetime="2024-11-01T00:00:00Z">1 Nov 2024</time></div></article>
       <footer><time datetime="2025-01-01">2025</time></footer>`,
    );
    expect(run(html).publishedAt).toBe('2024-10-10T08:00:00.000Z');
  });

  it('reads dates from the URL when the page has none', () => {
    expect(run(page('', '<h1>T</h1>'), 'https://x.example.com/2024/10/10/story').publishedAt).toBe('2024-10-10T00:00:00.000Z');
    expect(run(page('', '<h1>T</h1>'), 'https://x.example.com/news/20241010/story').publishedAt).toBe('2024-10-10T00:00:00.000Z');
  });

  it('rejects years before 1995 and dates far after the rest of the page', () => {
    const html = page(
      '<meta property="article:published_time" content="2099-01-01T00:00:00Z"><meta property="article:modified_time" content="2024-10-10T12:00:00Z">',
      '<h1>T</h1><p>Founded 12 March 1987.</p>',
    );
    const meta = run(html, 'https://x.example.com/story/2024/10/10/a');
    expect(meta.publishedAt).toBe('2024-10-10T00:00:00.000Z');
  });

  it('takes datePublished from JSON-LD @graph and never uses the clock', () => {
    const html = page(
      `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"x"},{"@type":"BlogPosting","headline":"Post","datePublished":"2023-03-05T07:00:00-05:00","author":[{"@type":"Person","name":"Jane Roe"},{"@type":"Person","name":"John Doe"}]}]}</script>`,
      '<h1>Post</h1>',
    );
    const meta = run(html);
    expect(meta.publishedAt).toBe('2023-03-05T12:00:00.000Z');
    expect(meta.authors).toEqual(['Jane Roe', 'John Doe']);
    expect(run(page('', '<h1>No date here</h1>')).publishedAt).toBeNull();
  });

  it('lets the date hint override the heuristics', () => {
    const html = page('<meta property="article:published_time" content="2024-01-01T00:00:00Z">', '<h1>T</h1><b class="when">2024-02-02T10:00:00Z</b>');
    expect(run(html, 'https://x.example.com/a', '', { date: '.when' }).publishedAt).toBe('2024-02-02T10:00:00.000Z');
  });
});

describe('extractMetadata: authors', () => {
  it('prefers a named reporter to a site account', () => {
    const html = page('<meta name="author" content="Editör">', '<article><h1>T</h1><div class="byline">Muhabir: Ayşe Kaya</div><p>Metin.</p></article>', 'tr');
    expect(run(html).authors).toEqual(['Ayşe Kaya']);
  });

  it('keeps a site account when nobody else is named', () => {
    expect(run(page('<meta name="author" content="Редакция">', '<h1>T</h1>'), 'https://x.example.com/a').authors).toEqual(['Редакция']);
  });

  it('splits "By A and B" and strips the label', () => {
    const html = page('', '<article><h1>T</h1><p class="byline">By Jane Roe and John Doe</p></article>');
    expect(run(html).authors).toEqual(['Jane Roe', 'John Doe']);
  });

  it('splits Russian and Turkish conjunctions', () => {
    expect(run(page('', '<article><h1>T</h1><div class="author">Авторы: Иван Петров и Мария Иванова</div></article>', 'ru')).authors).toEqual([
      'Иван Петров',
      'Мария Иванова',
    ]);
    expect(run(page('', '<article><h1>T</h1><div class="author">Yazar: Ali Veli ve Ayşe Fatma</div></article>', 'tr')).authors).toEqual([
      'Ali Veli',
      'Ayşe Fatma',
    ]);
  });

  it('ignores commenters, URLs and dates', () => {
    const html = page(
      '<meta property="article:author" content="https://facebook.com/someone">',
      `<article><h1>T</h1><p>Text.</p></article>
       <div class="comments-area"><div class="comment-author">Troll McTroll</div></div>
       <div class="post-author">12.10.2024</div>`,
    );
    expect(run(html).authors).toEqual([]);
  });

  it('reads rel=author, itemprop=author and the author hint', () => {
    expect(run(page('', '<article><h1>T</h1><a rel="author" href="/u/jr">Jane Roe</a></article>')).authors).toEqual(['Jane Roe']);
    expect(
      run(page('', '<article><h1>T</h1><span itemprop="author" itemscope><span itemprop="name">Олег Сидоров</span></span></article>', 'ru')).authors,
    ).toEqual(['Олег Сидоров']);
    expect(run(page('', '<h1>T</h1><i class="x">Kerem Aydın</i>'), 'https://x.example.com/a', '', { author: '.x' }).authors).toEqual(['Kerem Aydın']);
  });
});

describe('extractMetadata: tags', () => {
  it('reads the visible tag list under the article, not tag-like links in the text or a sidebar tag cloud', () => {
    const html = page(
      '',
      `<article><h1>Başlık</h1><p>Metin <a href="/etiket/hazar">Hazar</a> burada.</p>
         <div class="etiketler"><span>Etiketler:</span> <a href="/etiket/a">Tokayev</a> <a href="/etiket/b">Kazakistan</a></div></article>
       <aside class="sidebar"><div class="tags"><a href="/etiket/c">Popüler</a></div></aside>`,
      'tr',
    );
    expect(run(html).tags).toEqual(['Tokayev', 'Kazakistan']);
  });
});

describe('extractMetadata: title', () => {
  const cases = [
    { name: 'pipe suffix', title: 'Big news today | Daily Planet', site: 'Daily Planet', want: 'Big news today' },
    { name: 'dash suffix', title: 'Big news today - Daily Planet', site: 'Daily Planet', want: 'Big news today' },
    { name: 'em dash suffix', title: 'Большая новость — Вечерние вести', site: 'Вечерние вести', want: 'Большая новость' },
    { name: 'double colon', title: 'Büyük haber :: Örnek Gazete', site: 'Örnek Gazete', want: 'Büyük haber' },
    { name: 'site prefix', title: 'Daily Planet | Big news today', site: 'Daily Planet', want: 'Big news today' },
    { name: 'host name suffix', title: 'Big news today - dailyplanet.com', site: '', want: 'Big news today' },
    { name: 'dash inside the title stays', title: 'Turkey - EU talks resume', site: 'Daily Planet', want: 'Turkey - EU talks resume' },
    { name: 'host name glued on with a space', title: 'dailyplanet.com Big news today', site: '', want: 'Big news today' },
    { name: 'a dotted word that is not the host stays', title: 'Node.js Big news today', site: '', want: 'Node.js Big news today' },
  ];
  it.each(cases)('$name', ({ title, site, want }) => {
    const head = `<title>${title}</title>${site ? `<meta property="og:site_name" content="${site}">` : ''}`;
    expect(run(page(head, '<p>No headline element.</p>'), 'https://www.dailyplanet.com/a').title).toBe(want);
  });

  it('prefers the h1 that agrees with the metadata title, and the title hint over both', () => {
    const html = page('<title>Big news today | Daily Planet</title>', '<header><h1><a href="/">Daily Planet</a></h1></header><article><h1>Big news today</h1></article>');
    expect(run(html, 'https://www.dailyplanet.com/a').title).toBe('Big news today');
    expect(run(html, 'https://www.dailyplanet.com/a', '', { title: 'article h1' }).title).toBe('Big news today');
  });
});

describe('extractMetadata: title when the headline element is not the title', () => {
  it('takes the metadata spelling when the heading lost its non-ASCII characters to "?"', () => {
    const html = page("<title>Basics of Event Planning: Beginner's Guide</title>", '<article><h1>Basics of Event Planning? Beginner? Guide</h1><p>Body.</p></article>');
    expect(run(html).title).toBe("Basics of Event Planning: Beginner's Guide");
  });

  it('keeps a headline that really ends with a question mark', () => {
    const html = page('<title>Is it safe?! | Daily Planet</title>', '<article><h1>Is it safe?</h1><p>Body.</p></article>');
    expect(run(html).title).toBe('Is it safe?');
  });

  it('prefers an h2 that shows the page title over an h1 section heading further down', () => {
    const html = page(
      '<title>What do people love about Rust? | Rust Blog</title><link rel="alternate" type="application/atom+xml" title="Rust Blog" href="/feed.xml">',
      '<header><h2>What do people love about Rust?</h2></header><article><p>Intro.</p><h1>But what they love is the sense of empowerment</h1><p>Body.</p></article>',
    );
    expect(run(html, 'https://blog.example.org/2025/12/19/love').title).toBe('What do people love about Rust?');
  });

  it("keeps a list's count that the page styles outside its h1", () => {
    const html = page('<title>8 Recent Trends in Photography - Flatworld</title><meta property="og:site_name" content="Flatworld">', '<article><span class="count">8</span><h1>Recent Trends in Photography</h1><p>Body.</p></article>');
    expect(run(html).title).toBe('8 Recent Trends in Photography');
    const plain = page('<title>Recent Trends in Photography - Flatworld</title><meta property="og:site_name" content="Flatworld">', '<article><h1>Recent Trends in Photography</h1><p>Body.</p></article>');
    expect(run(plain).title).toBe('Recent Trends in Photography');
  });

  it('still takes the h1 when the h2 comes after it', () => {
    const html = page('<title>Rust in 2025 | Rust Blog</title>', '<article><h1>What people love about Rust in 2025</h1><h2>Rust in 2025</h2><p>Body.</p></article>');
    expect(run(html).title).toBe('What people love about Rust in 2025');
  });
});

describe('extractMetadata: long threads and lists', () => {
  it('takes the date shown under the headline and the first byline on a thread of 3,000 signed, dated posts', () => {
    const posts = Array.from({ length: 3000 }, (_, i) =>
      `<div class="post"><div class="author">Yazar: Yorumcu ${i}</div><span class="date"><time datetime="2024-11-${String((i % 20) + 1).padStart(2, '0')}T10:00:00Z">${(i % 20) + 1} Kasım 2024</time></span><p>Yorum metni ${i}.</p></div>`).join('');
    const html = page('', `<article><h1>Başlık</h1><div class="author">Yazar: Ayşe Demir</div><span class="date">10 Ekim 2024 14:30</span><p>Haber metni.</p>${posts}</article>`, 'tr');
    const metadata = run(html);
    expect(metadata.publishedAt?.slice(0, 10)).toBe('2024-10-10');
    expect(metadata.authors).toEqual(['Ayşe Demir']);
  });
});
