import { describe, expect, it } from 'vitest';
import { extractBody } from '../../src/shared/extract/body/index.js';
import { loadHtml } from '../../src/shared/extract/html.js';
import { extractArticle } from '../../src/shared/extract/index.js';

const URL = 'https://news.example.com/world/2024/10/story-123.html';
const FILLER =
  'Bu ziyaret, iki Orta Asya ülkesi arasındaki ilişkilerin derinleşmesi açısından büyük bir adım olarak değerlendiriliyor, ekonomik ve kültürel bağlar güçleniyor.';

/** A page with chrome around an article whose paragraphs are given as HTML. */
function page(articleHtml: string, extra = ''): string {
  return `<!DOCTYPE html><html><head><title>T</title>${extra}</head><body>
    <nav class="menu"><a href="/">Ana Sayfa</a> <a href="/gundem">Gündem</a> <a href="/dunya">Dünya</a></nav>
    <div id="cookie-banner">Bu site çerez kullanır. <a href="/cerez">Çerez politikası</a></div>
    <main><article><h1>Başlık</h1><div class="article-body">
      <p>${FILLER}</p>${articleHtml}<p>${FILLER} İkinci kez.</p>
    </div>
    <div class="related-news"><h3>İlgili Haberler</h3><ul>
      <li><a href="/dunya/ilgili-haber-bir-1.html">Birinci ilgili haberin oldukça uzun başlığı</a></li>
      <li><a href="https://news.example.com/dunya/ilgili-haber-iki-2.html">İkinci ilgili haberin oldukça uzun başlığı</a></li>
      <li><a href="/dunya/ilgili-haber-bir-1.html">Birinci ilgili haberin oldukça uzun başlığı</a></li>
    </ul></div></article>
    <aside class="sidebar"><h3>Çok Okunanlar</h3><a href="/x">Yan sütundaki haber başlığı burada</a></aside></main>
    <footer><p>© 2024 Örnek Haber. Tüm hakları saklıdır.</p></footer></body></html>`;
}

describe('word boundaries', () => {
  it('never glues words across block elements, <br> or a div inside a paragraph', () => {
    const cases = [
      '<p>ikili</p><p>ilişkilerin gelişmesi önemli bir konu olarak görülüyor.</p>',
      '<p>ikili<br>ilişkilerin gelişmesi önemli bir konu olarak görülüyor.</p>',
      '<p><div>ikili</div>ilişkilerin gelişmesi önemli bir konu olarak görülüyor.</p>',
      '<div>ikili</div>ilişkilerin gelişmesi önemli bir konu olarak görülüyor.',
      '<ul><li>ikili</li><li>ilişkilerin</li></ul>',
      '<p>ikili<br/>ilişkilerin</p>',
      '<table><tr><td>ikili</td><td>ilişkilerin</td></tr></table>',
    ];
    for (const html of cases) {
      const { bodyText } = extractArticle(page(html), URL);
      expect(bodyText, html).toContain('ikili');
      expect(bodyText, html).not.toContain('ikiliilişkilerin');
      expect(bodyText, html).toMatch(/ikili\s+(?:- )?ilişkilerin/);
    }
  });

  it('keeps inline elements joined as the browser renders them', () => {
    const { bodyText } = extractArticle(page('<p>Tür<b>kmenistan</b> ve <i>Kazakistan</i> arasında ticaret artıyor.</p>'), URL);
    expect(bodyText).toContain('Türkmenistan ve Kazakistan arasında');
  });

  it('one <br> is a line break, two end the paragraph', () => {
    const { bodyText } = extractArticle(page('<p>Birinci satır burada<br>ikinci satır burada<br><br>yeni paragraf burada</p>'), URL);
    expect(bodyText).toContain('Birinci satır burada\nikinci satır burada\n\nyeni paragraf burada');
  });

  it('separates paragraphs with blank lines and puts headings on their own lines', () => {
    const { bodyText } = extractArticle(page('<h2>Ara Başlık</h2>'), URL);
    expect(bodyText).toContain(`${FILLER}\n\nAra Başlık\n\n${FILLER} İkinci kez.`);
  });
});

describe('text normalisation', () => {
  it('NFC, no-break spaces, zero-width characters and soft hyphens, Turkish i kept', () => {
    const decomposed = 'I\u0307stanbul'; // İ as I + combining dot
    const html = page(`<p>${decomposed}&nbsp;ve\u00a0Iğdır\u200b için ka\u00adrar   verildi: ılık, İzmir, iğne.</p>`);
    const { bodyText } = extractArticle(html, URL);
    expect(bodyText).toContain('İstanbul ve Iğdır için karar verildi: ılık, İzmir, iğne.');
    expect(bodyText).not.toMatch(/[\u00a0\u200b\u00ad]/);
    expect(bodyText).toBe(bodyText.normalize('NFC'));
  });
});

describe('boilerplate exclusion', () => {
  const result = extractArticle(page('<div class="share-buttons"><a href="https://facebook.com/share">Paylaş</a></div>'), URL);

  it('leaves out navigation, cookie banner, share widgets, related block, sidebar and footer', () => {
    for (const junk of ['Ana Sayfa', 'çerez', 'Paylaş', 'ilgili haberin', 'Çok Okunanlar', 'Yan sütundaki', 'hakları saklıdır', 'Başlık']) {
      expect(result.bodyText).not.toContain(junk);
    }
    expect(result.bodyText).toContain(FILLER);
  });

  it('collects related links as absolute, deduplicated {url, title}', () => {
    expect(result.relatedLinks).toEqual([
      { url: 'https://news.example.com/dunya/ilgili-haber-bir-1.html', title: 'Birinci ilgili haberin oldukça uzun başlığı' },
      { url: 'https://news.example.com/dunya/ilgili-haber-iki-2.html', title: 'İkinci ilgili haberin oldukça uzun başlığı' },
    ]);
  });

  it('finds related blocks by heading text too (tr, ru, kk, en, de, fr, es, it, pt, pl)', () => {
    const headings = ['İlgili Haberler', 'İLGİNİZİ ÇEKEBİLİR', 'Читайте также', 'Тағы оқыңыз', 'Related stories', 'Похожие новости', 'Lesen Sie auch', 'À lire aussi', 'Noticias relacionadas', 'Leggi anche', 'Leia também', 'Czytaj także'];
    for (const heading of headings) {
      const html = page('', '').replace(
        '<aside',
        `<section><h4>${heading}</h4><ul><li><a href="/a/1">Заголовок связанной новости номер один</a></li></ul></section><aside`,
      );
      const { relatedLinks, bodyText } = extractArticle(html, URL);
      expect(relatedLinks.map((l) => l.url), heading).toContain('https://news.example.com/a/1');
      expect(bodyText).not.toContain('связанной');
    }
  });
});

describe('bodyHtml sanitising', () => {
  const { bodyHtml } = extractArticle(
    page(`<p onclick="steal()" style="color:red" class="x">Haberde geçen belgeler için okuyucular <a href="javascript:alert(1)" onclick="x()">kötü bağlantı</a>
      ve <a href="/iyi" target="_blank" rel="nofollow">iyi bağlantı</a> ile <a href="data:text/html,hi">veri</a> ve <a href="mailto:a@b.c">posta</a> adreslerini kullanabilir; ${FILLER}
      <script>alert("x")</script><img src="x" onerror="alert(1)" width="10"><iframe src="https://evil.example"></iframe></p>
      <figure><img src="/img/a.jpg" alt="Foto &quot;açıklama&quot;" onload="x()" width="600"><figcaption>Alt <b>yazı</b></figcaption></figure>`),
    URL,
  );

  it('keeps only the allowed tags and attributes', () => {
    const tags = [...bodyHtml.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]);
    for (const tag of tags) expect(['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'a', 'figure', 'img', 'figcaption']).toContain(tag);
    const attrs = [...bodyHtml.matchAll(/\s([a-z-]+)=/g)].map((m) => m[1]);
    for (const name of attrs) expect(['href', 'src', 'alt']).toContain(name);
  });

  it('drops script, event handlers and non-http links, keeps link text', () => {
    expect(bodyHtml).not.toMatch(/script|onclick|onerror|onload|javascript:|data:|mailto:|iframe|style=/i);
    expect(bodyHtml).toContain('kötü bağlantı');
    expect(bodyHtml).toContain('<a href="https://news.example.com/iyi">iyi bağlantı</a>');
    expect(bodyHtml).toContain('<figure><img src="https://news.example.com/img/a.jpg" alt="Foto &quot;açıklama&quot;"><figcaption>Alt yazı</figcaption></figure>');
  });
});

describe('links', () => {
  const article = `<p>${FILLER} Kaynaklar: <a href="rapor.html">göreli</a>, <a href="//cdn.example.org/belge.pdf">protokolsüz</a>,
    <a href="/mutlak#bolum">kök göreli</a>, <a href="#yerel">yerel</a>, <a href="javascript:void(0)">js</a>,
    <a href="https://other.example.net/x">dış</a>, <a href="https://other.example.net/x">tekrar</a>. ${FILLER}</p>`;

  it('resolves relative and protocol-relative links against the page URL and deduplicates', () => {
    const { outlinks } = extractArticle(page(article), URL);
    expect(outlinks.map((l) => l.url)).toEqual([
      'https://news.example.com/world/2024/10/rapor.html',
      'https://cdn.example.org/belge.pdf',
      'https://news.example.com/mutlak#bolum',
      'https://other.example.net/x',
    ]);
  });

  it('uses an http(s) <base href> and ignores other bases', () => {
    const withBase = extractArticle(page(article, '<base href="https://mirror.example.com/arsiv/">'), URL);
    expect(withBase.outlinks[0]!.url).toBe('https://mirror.example.com/arsiv/rapor.html');
    const badBase = extractArticle(page(article, '<base href="javascript:alert(1)">'), URL);
    expect(badBase.outlinks[0]!.url).toBe('https://news.example.com/world/2024/10/rapor.html');
  });
});

describe('hostile input never throws', () => {
  it('5,000-level nesting', () => {
    const deep = `${'<div>'.repeat(5000)}<p>${FILLER}</p>${'</div>'.repeat(5000)}`;
    const result = extractArticle(`<html><body>${deep}</body></html>`, URL);
    expect(result.bodyText).toContain('Orta Asya');
    const unclosed = extractArticle(`<html><body>${'<span><b><i>'.repeat(3000)}${FILLER}`, URL);
    expect(unclosed.bodyText).toContain('Orta Asya');
  });

  it('NUL bytes and binary garbage', () => {
    const garbage = String.fromCharCode(...Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256));
    expect(() => extractArticle(`<html>\u0000<body><p>a\u0000b ${FILLER}</p>${garbage}</body>`, URL)).not.toThrow();
    expect(() => extractArticle(garbage, URL)).not.toThrow();
    expect(() => extractArticle('', URL)).not.toThrow();
    expect(() => extractArticle('<p>kısa</p>', 'not a url')).not.toThrow();
  });

  it('a 20 MB single text node: no throw, and the body part stays within seconds', () => {
    const huge = 'kelime '.repeat(3_000_000);
    const html = `<html><body><div><p>${huge}</p></div></body></html>`;
    const start = performance.now();
    const body = extractBody(loadHtml(html), URL);
    // Generous: the CI box is shared; ~1.5 s on an idle machine.
    expect(performance.now() - start).toBeLessThan(20_000);
    expect(body.bodyText.length).toBeGreaterThan(20_000_000);
    expect(() => extractArticle(html, URL)).not.toThrow();
  });

  it('truncated HTML', () => {
    const html = page('<p>Yarım kalan paragraf burada bitiyor ve devam');
    const cut = html.slice(0, html.indexOf('Yarım') + 40);
    expect(() => extractArticle(cut, URL)).not.toThrow();
    expect(extractArticle(cut, URL).bodyText).toContain('Orta Asya');
  });
});

describe('JSON-LD articleBody fallback', () => {
  // A page that renders its text with scripts: the markup holds a teaser, the JSON-LD the article.
  const articleBody = Array.from({ length: 6 }, (_, i) => `${FILLER} (${i + 1})`).join('\n\n');
  const shell = (jsonLd: string) =>
    `<!DOCTYPE html><html><head><title>T</title><script type="application/ld+json">${jsonLd}</script></head>
     <body><article><h1>Başlık</h1><p>Kısa bir giriş.</p></article></body></html>`;

  it('takes the article text from JSON-LD when the markup holds only a teaser', () => {
    const result = extractArticle(shell(JSON.stringify({ '@type': 'NewsArticle', articleBody })), URL);
    expect(result.bodyText).toContain(`${FILLER} (6)`);
  });

  it('reads a block with the breakages sites leave in it (trailing comma, raw line breaks in strings, odd type casing)', () => {
    const broken = `{ "@type": "NewsArticle", "articleBody": "${articleBody}", }`;
    const result = extractArticle(shell(broken).replace('application/ld+json', 'Application/LD+JSON'), URL);
    expect(result.bodyText).toContain(`${FILLER} (6)`);
  });
});

describe('page type', () => {
  it('an article page is an article', () => {
    const html = page(`<p>${FILLER}</p>`.repeat(6), '<meta property="og:type" content="article"><meta property="article:published_time" content="2024-10-10T09:00:00Z">');
    expect(extractArticle(html, URL).pageType).toBe('article');
  });

  it('tag and author URLs with teaser lists are not articles', () => {
    const teasers = Array.from({ length: 12 }, (_, i) => `<article><h3><a href="/h/${i}">Haber başlığı ${i} burada</a></h3><p>Kısa özet ${i}.</p></article>`).join('');
    const listing = `<html><body><main>${teasers}</main></body></html>`;
    expect(extractArticle(listing, 'https://news.example.com/etiket/tokayev/').pageType).toBe('tag');
    expect(extractArticle(listing, 'https://news.example.com/yazar/abdullah-yigit/').pageType).toBe('author');
    expect(extractArticle(listing, 'https://news.example.com/').pageType).toBe('home');
  });
});

describe('pictures', () => {
  it('lists each picture of a long gallery once, whatever size or host alias it is served in', () => {
    const figures = Array.from({ length: 3000 }, (_, i) =>
      `<figure><img src="https://cdn${i % 2}.example.com/photos/${i}.jpg?w=${i % 3 ? 800 : 1600}"><figcaption>Fotoğraf ${i}</figcaption></figure>` +
      `<figure><img src="https://news.example.com/photos/${i}.jpg"></figure><p>${FILLER} ${i}</p>`).join('');
    const images = extractArticle(page(figures), URL).images;
    expect(images).toHaveLength(3000);
    expect(new Set(images.map((image) => new globalThis.URL(image.src).pathname)).size).toBe(3000);
  });
});
