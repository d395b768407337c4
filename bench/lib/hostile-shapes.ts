/** The pathological page shapes of bench:hostile, built at a given size. */
const P = '<p>Bu ziyaret iki ülke arasındaki ilişkilerin derinleşmesi açısından büyük bir adım olarak değerlendiriliyor.</p>';
const page = (head: string, body: string) => `<!doctype html><html><head><title>Başlık</title>${head}</head><body>${body}</body></html>`;
const times = (n: number, item: (i: number) => string) => Array.from({ length: n }, (_, i) => item(i)).join('');

export const SHAPES: Record<string, (n: number) => string> = {
  'paragraphs in one article': (n) => page('', `<article><h1>Başlık</h1>${times(n, (i) => `<p>Paragraf ${i}: bir iki üç dört beş altı yedi.</p>`)}</article>`),
  'figures with captions': (n) => page('', `<article><h1>Başlık</h1>${times(n, (i) => `<figure><img src="/i/${i}.jpg"><figcaption>Foto ${i}</figcaption></figure><p>Metin ${i} kelime kelime kelime.</p>`)}</article>`),
  '<br> lines in one paragraph': (n) => page('', `<article><h1>Başlık</h1><p>${times(n, (i) => `Satır ${i} kısa cümle<br>`)}</p></article>`),
  'signed posts (Yazar: …)': (n) => page('', `<article><h1>Başlık</h1>${times(n, (i) => `<div class="author">Yazar: Ali Veli ${i}</div>${P}`)}</article>`),
  'dated items (<time>)': (n) => page('', `<article><h1>Başlık</h1>${P}${times(n, (i) => `<span class="date"><time datetime="2024-10-${(i % 28) + 1}">10 Ekim 2024</time></span>`)}</article>`),
  'JSON-LD blocks': (n) => page(times(n, (i) => `<script type="application/ld+json">{"@type":"NewsArticle","headline":"h${i}","author":{"name":"A ${i}"},"datePublished":"2024-10-10"}</script>`), `<article><h1>Başlık</h1>${P}</article>`),
  'nested <div> levels': (n) => page('', `${'<div>'.repeat(n)}<h1>Başlık</h1>${P}${'</div>'.repeat(n)}`),
  'related links': (n) => page('', `<article><h1>Başlık</h1>${P}${P}</article><div class="related"><h3>İlgili Haberler</h3><ul>${times(n, (i) => `<li><a href="/haber/${i}.html">İlgili haber ${i}</a></li>`)}</ul></div>`),
};
