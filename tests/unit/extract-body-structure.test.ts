import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/shared/extract/index.js';

const URL = 'https://news.example.com/world/2024/10/story-123.html';
const PARA = (n: number): string =>
  `<p>Paragraf ${n}: bu ziyaret, iki Orta Asya ülkesi arasındaki ilişkilerin derinleşmesi açısından büyük bir adım olarak değerlendiriliyor.</p>`;
const ARTICLE = [1, 2, 3, 4].map(PARA).join('');

describe('script-rendered pages', () => {
  it('reads React streamed segments (hidden id="S:n") but not other hidden elements', () => {
    const html = `<html><body><template id="B:0"></template>
      <div hidden id="S:0"><main><article>${ARTICLE}</article></main></div>
      <div hidden><p>Gizli bir uyarı metni burada yer alıyor ve okunmamalı, hiç görünmüyor aslında.</p></div></body></html>`;
    const { bodyText } = extractArticle(html, URL);
    expect(bodyText).toContain('Paragraf 1');
    expect(bodyText).toContain('Paragraf 4');
    expect(bodyText).not.toContain('Gizli');
  });

  it('reads the crawler view inside <noscript> when the page outside it is only a loader', () => {
    const html = `<html><body><section id="splash"><div class="dots"></div></section>
      <noscript><div id="main-outlet">${ARTICLE}</div></noscript></body></html>`;
    expect(extractArticle(html, URL).bodyText).toContain('Paragraf 3');
  });

  it('ignores <noscript> fallbacks on ordinary pages', () => {
    const html = `<html><body><article>${ARTICLE}</article>
      <noscript><p>Bu sitenin tüm özelliklerini kullanmak için lütfen JavaScript etkinleştirin.</p></noscript></body></html>`;
    const { bodyText } = extractArticle(html, URL);
    expect(bodyText).toContain('Paragraf 2');
    expect(bodyText).not.toContain('JavaScript');
  });
});

describe('pages without one article container', () => {
  it('keeps every section of a landing page whose prose is spread over the body', () => {
    const text = (i: number): string =>
      `<h2>Hizmet ${i}</h2><p>Hizmet ${i} açıklaması: ekibimiz, veri analitiği, raporlama ve danışmanlık alanlarında, her ölçekte kuruma özel çözümler sunar.</p>`;
    // Page builders wrap each band differently: no shared class, different depths.
    const sections = [
      `<section class="hero"><div class="inner">${text(0)}</div></section>`,
      `<div class="band-features"><div class="grid"><div class="cell">${text(1)}</div><div class="cell">${text(2)}</div><div class="cell">${text(3)}</div></div></div>`,
      `<div class="quote-band">${text(4)}</div>`,
      `<section class="faq"><div class="w"><div class="x">${text(5)}${text(6)}</div></div></section>`,
      `<div class="cta-band"><div>${text(7)}</div></div>`,
      `<div class="band-steps"><ol><li><div>${text(8)}</div></li><li><div>${text(9)}</div></li></ol></div>`,
    ].join('');
    const html = `<html><body><nav><a href="/">Ana Sayfa</a></nav>${sections}<footer>© Şirket</footer></body></html>`;
    const { bodyText } = extractArticle(html, 'https://example.com/services/analytics');
    for (let i = 0; i < 10; i++) expect(bodyText).toContain(`Hizmet ${i} açıklaması`);
    expect(bodyText).not.toContain('Ana Sayfa');
    expect(bodyText).not.toContain('© Şirket');
  });
});

describe('page type from content structure', () => {
  const post = (i: number): string =>
    `<div class="post"><div class="meta"><a href="/u/user${i}">user${i}</a> <time datetime="2024-05-0${i}T10:00:00Z">May ${i}</time></div>
     <div class="cooked"><p>Reply ${i}: I had the same problem after the update, and restarting the service with the old configuration fixed it for me.</p></div></div>`;

  it('a thread of signed, timestamped posts is not an article', () => {
    const html = `<html><head><meta property="og:type" content="article"></head><body><main>${[1, 2, 3, 4, 5].map(post).join('')}</main></body></html>`;
    expect(extractArticle(html, 'https://community.example.org/some-problem-after-update/4242').pageType).not.toBe('article');
  });

  it('an undated page of code samples is not an article; a dated news story quoting code still is', () => {
    const code = `<p>${'Call the function with the options object, then read the result from the returned promise and handle errors. '.repeat(2)}</p><pre><code>const x = run({ retries: 3 });</code></pre>`;
    const docs = `<html><body><main>${code.repeat(4)}</main></body></html>`;
    expect(extractArticle(docs, 'https://lib.example.org/guide/options.html').pageType).not.toBe('article');
    const news = `<html><head><meta property="og:type" content="article"><meta property="article:published_time" content="2024-10-10T09:00:00Z"></head><body><article>${code.repeat(4)}</article></body></html>`;
    expect(extractArticle(news, 'https://news.example.com/tech/2024/10/library-release-123.html').pageType).toBe('article');
  });
});

describe('pages without prose', () => {
  it('a shop grid keeps its product names and prices, not its menu, and is not an article', () => {
    const items = Array.from({ length: 12 }, (_, i) => `<li class="card"><a href="/p/${i}">Koşu ayakkabısı model ${i}</a><span class="price">${100 + i} TL</span></li>`).join('');
    const html = `<html><body><nav><a href="/">Ana Sayfa</a><a href="/kadin">Kadın</a></nav>
      <div class="grid"><h1>Koşu Ayakkabıları</h1><ul class="products">${items}</ul></div><footer>© Mağaza</footer></body></html>`;
    const result = extractArticle(html, 'https://shop.example.com/c/kosu-ayakkabilari');
    expect(result.bodyText).toContain('Koşu ayakkabısı model 0');
    expect(result.bodyText).toContain('111 TL');
    expect(result.bodyText).not.toContain('Ana Sayfa');
    expect(result.bodyText).not.toContain('© Mağaza');
    expect(result.pageType).not.toBe('article');
  });
});

describe('figures', () => {
  it('a figure holding a table is read as text, without its caption; an image figure stays an image', () => {
    const table = `<figure class="wp-block-table"><table><tr><td>Ankara</td><td>5,8 milyon</td></tr><tr><td>İzmir</td><td>4,4 milyon</td></tr></table><figcaption>Tablo: nüfus verileri kaynağı</figcaption></figure>`;
    const photo = `<figure><img src="/a.jpg" alt="Foto"><figcaption>Fotoğraf altyazısı burada</figcaption></figure>`;
    const { bodyText, bodyHtml } = extractArticle(`<html><body><article>${ARTICLE}${table}${photo}${ARTICLE}</article></body></html>`, URL);
    expect(bodyText).toMatch(/Ankara\s+5,8 milyon/);
    expect(bodyText).toMatch(/İzmir\s+4,4 milyon/);
    expect(bodyText).not.toContain('Tablo: nüfus');
    expect(bodyText).not.toContain('altyazısı');
    expect(bodyHtml).toContain('<figcaption>Fotoğraf altyazısı burada</figcaption>');
  });
});

describe('accordions', () => {
  it('reads text inside an accordion marked up as role="tablist" (a common Bootstrap pattern)', () => {
    const html = `<html><body><article><p>Kısa giriş metni burada yer alıyor, dinleyiciler için podcast bölümünün özeti.</p>
      <div role="tablist"><div class="card"><h5><a href="#t">Transcript</a></h5><div role="tabpanel" class="collapse">${ARTICLE}</div></div></div>
      </article><nav><a href="/">Ana Sayfa</a></nav></body></html>`;
    const { bodyText } = extractArticle(html, URL);
    expect(bodyText).toContain('Paragraf 1');
    expect(bodyText).toContain('Paragraf 4');
    expect(bodyText).not.toContain('Ana Sayfa');
  });
});

describe('code listings', () => {
  it('keeps comments and tokens of highlighted code, whatever their class names say', () => {
    const html = `<html><body><article>${PARA(1)}
      <pre><code class="hljs bash"><span class="hljs-comment"># depoyu başlat</span>
git init</code></pre>
      <pre class="code"><code class="language-go"><span class="token comment">// kayıt testi</span>
func TestKayit(t *testing.T) {}</code></pre>${PARA(2)}</article></body></html>`;
    const { bodyText } = extractArticle(html, URL);
    expect(bodyText).toContain('# depoyu başlat');
    expect(bodyText).toContain('git init');
    expect(bodyText).toContain('// kayıt testi');
    expect(bodyText).toContain('func TestKayit');
  });
});

describe('link-dense sections of the article', () => {
  it('keeps a section that introduces a long list of links with its own prose; a bare menu still goes', () => {
    const study = (i: number): string =>
      `<li><a href="/research/${i}">Çalışma ${i}: kronik ağrıda farkındalık meditasyonunun ilaç tedavisiyle birlikte etkisi</a></li>`;
    const section = `<div class="section"><h2>Desteklenen araştırmalar</h2>
      <p>Enstitü, meditasyon ve farkındalık üzerine pek çok çalışmayı destekliyor; sonuçlar her yıl yayımlanıyor.</p>
      <p>Enstitünün son yıllarda desteklediği çalışmalardan bazıları şunlardır:</p><ul>${[1, 2, 3, 4, 5].map(study).join('')}</ul></div>`;
    const menu = `<div class="links"><a href="/a">Tansiyon ve kalp sağlığı rehberi</a> <a href="/b">Ağrı yönetimi rehberi</a> <a href="/c">Kanser tedavisinde destek</a></div>`;
    const html = `<html><body><article>${PARA(1)}${PARA(2)}${section}${menu}${PARA(3)}</article></body></html>`;
    const { bodyText } = extractArticle(html, URL);
    expect(bodyText).toContain('Desteklenen araştırmalar');
    expect(bodyText).toContain('Enstitü, meditasyon');
    expect(bodyText).toContain('Çalışma 5: kronik ağrıda');
    expect(bodyText).toContain('Paragraf 3');
    expect(bodyText).not.toContain('Ağrı yönetimi rehberi');
  });
});

describe('byline and date rows at the top', () => {
  it('drops "name • date" and reading-time rows above the text (en, tr, ru), keeps a sentence that starts with a date', () => {
    const rows = (...lines: string[]): string => lines.map((l) => `<div class="info-row">${l}</div>`).join('');
    const sentence = '<p>On 2 Dec 2024, the ministry received a letter asking for the results of the audit.</p>';
    const en = extractArticle(`<html><body><article>${rows('Jane Doe • November 4, 2025', '12 min read')}${sentence}${ARTICLE}</article></body></html>`, URL).bodyText;
    expect(en).not.toContain('Jane Doe');
    expect(en).not.toContain('min read');
    expect(en).toContain('On 2 Dec 2024, the ministry');
    const tr = extractArticle(`<html><body><article>${rows('Güncelleme: 12 Ekim 2024 14:30', '5 dk okuma')}${ARTICLE}</article></body></html>`, URL).bodyText;
    expect(tr).not.toContain('Güncelleme');
    expect(tr).not.toContain('dk okuma');
    const ru = extractArticle(`<html><body><article>${rows('Иван Петров, 2 дня назад')}${ARTICLE}</article></body></html>`, URL).bodyText;
    expect(ru).not.toContain('назад');
    expect(ru).toContain('Paragraf 1');
  });
});
