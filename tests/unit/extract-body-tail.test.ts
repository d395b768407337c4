import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/shared/extract/index.js';

const URL = 'https://blog.example.com/2025/05/garden-soil.html';
const PARAS = [
  'Healthy soil is the quiet foundation of every productive garden, and most problems with plants start below the surface.',
  'Compost adds organic matter that feeds the microbes, improves drainage in clay and holds water in sandy ground.',
  'Test the soil every few years so that you add lime or sulphur only when the numbers say the garden needs it.',
];

function page(afterArticle: string, insideArticleEnd = ''): string {
  return `<!DOCTYPE html><html><head><title>Garden soil</title></head><body>
    <header><a href="/">Home</a></header>
    <main><article class="post"><h1>Garden soil</h1>
      <div class="post-meta author-details">By Jane Doe, May 3, 2025</div>
      <div class="entry-content">${PARAS.map((p) => `<p>${p}</p>`).join('')}${insideArticleEnd}</div>
      ${afterArticle}
    </article></main><footer>© Example</footer></body></html>`;
}

describe('author bio boxes', () => {
  it('leaves out the "about the author" box after the article and keeps the article', () => {
    const bio = `<div class="about-author"><img src="/jane.jpg" alt=""><div class="author-description">
      <p>Jane Doe is a freelance garden writer who has covered soil science, composting and small-scale farming for fifteen years.</p></div></div>`;
    const { bodyText } = extractArticle(page('', bio), URL);
    for (const p of PARAS) expect(bodyText).toContain(p);
    expect(bodyText).not.toContain('freelance garden writer');
  });

  it('leaves out an hCard author box (class "vcard author") holding a bio', () => {
    const bio = `<section class="vcard author"><p>Jane Doe founded a community garden in 2014 and has taught composting classes to beginners every spring since then.</p></section>`;
    const { bodyText } = extractArticle(page('', bio), URL);
    expect(bodyText).toContain(PARAS[2]);
    expect(bodyText).not.toContain('community garden');
  });

  it('keeps a short byline under the same names available for the date', () => {
    const { publishedAt } = extractArticle(page(''), URL);
    expect(publishedAt?.slice(0, 10)).toBe('2025-05-03');
  });
});

describe('trailing teaser cards', () => {
  const LONGER = PARAS.map((p) => `<p>${p.replace('.', ', as every gardener learns after a season or two.')}</p>`).join('');
  const card = (n: number): string => `<div class="card"><a href="/2025/05/story-${n}.html">Other story number ${n}</a>
    <div>The council met on Tuesday ${n} to discuss the new budget for the district, and several residents raised concerns about...</div></div>`;

  it('drops cut-off summaries of other articles after the article, whatever their heading', () => {
    const cards = `<div class="grid"><h3>Webmaster picks</h3>${[1, 2, 3].map(card).join('')}</div>`;
    const { bodyText } = extractArticle(page('', `${LONGER}${cards}`), URL);
    for (const p of PARAS) expect(bodyText).toContain(p);
    expect(bodyText).not.toContain('The council met');
    expect(bodyText).not.toContain('Other story number');
  });

  it('keeps a page that is only teasers (a listing) as it is', () => {
    const html = `<html><body><main><div class="content">${[1, 2, 3, 4, 5].map(card).join('')}</div></main></body></html>`;
    const { bodyText } = extractArticle(html, 'https://blog.example.com/news/');
    expect(bodyText.match(/The council met/g)?.length).toBeGreaterThanOrEqual(4);
  });
});

describe('author bio paragraphs', () => {
  const withAuthor = (tail: string): string =>
    page('', tail).replace('<title>Garden soil</title>', '<title>Garden soil</title><meta name="author" content="Jane Doe">');

  it('drops a plain bio paragraph at the end that opens with the author\'s name, and what follows it', () => {
    const tail = '<p>Jane Doe is a freelance garden writer who has covered soil science for fifteen years.</p><p>She lives in Vermont with two dogs and far too many tomato plants.</p>';
    const { bodyText, authors } = extractArticle(withAuthor(tail), URL);
    expect(authors).toContain('Jane Doe');
    for (const p of PARAS) expect(bodyText).toContain(p);
    expect(bodyText).not.toContain('freelance garden writer');
    expect(bodyText).not.toContain('Vermont');
  });

  it('keeps a signature line that is only the name', () => {
    const { bodyText } = extractArticle(withAuthor('<p>Jane Doe</p><p>Soil keeps its secrets only from those who never dig, and every spade of it tells a story.</p>'), URL);
    expect(bodyText).toContain('every spade of it tells a story');
  });
});

describe('link lists inside the article', () => {
  const links = ['Add support for packed structs', 'Fix volatile loads and stores', 'Allow casts between integers and pointers']
    .map((t, i) => `<li><a href="https://github.com/example/repo/pull/${i + 10}">${t}</a></li>`)
    .join('');

  it('keeps a list of links that a sentence ending in a colon introduces', () => {
    const { bodyText } = extractArticle(page('', `<p>Many patches were sent for review this month:</p><ul>${links}</ul>`), URL);
    expect(bodyText).toContain('Fix volatile loads and stores');
  });

  it('still drops a link list under a short label', () => {
    const { bodyText } = extractArticle(page('', `<p>See also:</p><ul>${links}</ul>`), URL);
    expect(bodyText).not.toContain('Fix volatile loads and stores');
  });
});

describe('calls to action after the article', () => {
  it('drops a newsletter request and a copyright line at the end', () => {
    const tail = '<p>Don\'t miss a post. Get the latest garden guides delivered straight to your inbox.</p><p>© 2025 Example Media. All rights reserved.</p>';
    const { bodyText } = extractArticle(page('', tail), URL);
    for (const p of PARAS) expect(bodyText).toContain(p);
    expect(bodyText).not.toContain('your inbox');
    expect(bodyText).not.toContain('All rights reserved');
  });

  it('keeps a last paragraph that is about subscriptions, not a request (tr)', () => {
    const last = '<p>Platformun abonelik fiyatları yeni yılda yüzde 30 artacak ve bu artış tüm kullanıcıları etkileyecek.</p>';
    const { bodyText } = extractArticle(page('', last), URL);
    expect(bodyText).toContain('abonelik fiyatları');
  });

  it('drops a notice group whose request is followed by other short notices (a form note, a transcript note)', () => {
    const tail =
      '<p>Join our mailing list! Get a short note when a new garden guide is published.</p>' +
      '<p>We read every reply and never share your address with anyone.</p>' +
      '<p>Photos by the Example Media team; transcripts may be revised to correct errors.</p>';
    const { bodyText } = extractArticle(page('', tail), URL);
    for (const p of PARAS) expect(bodyText).toContain(p);
    expect(bodyText).not.toContain('mailing list');
    expect(bodyText).not.toContain('never share your address');
    expect(bodyText).not.toContain('transcripts may be revised');
  });

  it('drops a request in other languages (ru)', () => {
    const { bodyText } = extractArticle(page('', '<p>Подписывайтесь на наш канал в Telegram, чтобы не пропустить главное.</p>'), URL);
    expect(bodyText).not.toContain('Telegram');
  });
});

describe('disclaimers after the article', () => {
  it('drops a "views expressed" notice at the end and keeps the article', () => {
    const tail = '<p>The views expressed by the authors of this blog are their own and do not necessarily reflect the views of Example Media.</p>';
    const { bodyText } = extractArticle(page('', tail), URL);
    expect(bodyText).toContain(PARAS[2]);
    expect(bodyText).not.toContain('views expressed');
  });

  it('drops the Russian editorial notice too', () => {
    const { bodyText } = extractArticle(page('', '<p>Мнение редакции может не совпадать с мнением автора.</p>'), URL);
    expect(bodyText).not.toContain('Мнение редакции');
  });
});

describe('affiliate disclosures', () => {
  it('drops the site\'s commission notice above the article and keeps an article sentence about affiliate links', () => {
    const notice = '<p>Products are chosen independently by our editors. Purchases made through our links may earn us a commission.</p>';
    const topic = '<p>Many garden bloggers fund their work through affiliate links to seed shops and tool makers.</p>';
    const html = page('').replace('<div class="entry-content">', `<div class="entry-content">${notice}`).replace('</div>\n      \n', `${topic}</div>\n      \n`);
    const { bodyText } = extractArticle(html, URL);
    for (const p of PARAS) expect(bodyText).toContain(p);
    expect(bodyText).not.toContain('may earn us a commission');
    expect(bodyText).toContain('fund their work through affiliate links');
  });

  it('drops the notice in Russian too', () => {
    const html = page('').replace('<div class="entry-content">', '<div class="entry-content"><p>Статья содержит партнёрские ссылки: мы можем получить комиссию с покупки.</p>');
    expect(extractArticle(html, URL).bodyText).not.toContain('партнёрские ссылки');
  });
});

describe('"read also" links inside the text', () => {
  it('drops a linked "Read also: …" line between paragraphs (en, ru, tr) and keeps a sentence about related work', () => {
    const line = (label: string): string => `<p>${label}: <a href="/2025/04/compost-guide.html">How to start a compost heap in a small garden</a></p>`;
    const sentence = '<p>Related research from the soil institute shows the same effect in <a href="/study">a ten-year field study</a>.</p>';
    const inside = `${line('Also read')}${line('Читайте также')}${line('İlgili haber')}${sentence}`;
    const { bodyText } = extractArticle(page('', inside), URL);
    for (const p of PARAS) expect(bodyText).toContain(p);
    expect(bodyText).not.toContain('compost heap');
    expect(bodyText).toContain('Related research from the soil institute');
  });
});

describe('paywalls', () => {
  it('ends the text at a paywall notice and drops the offer after it (en, ru)', () => {
    const offer = (notice: string): string =>
      `<p>${notice}</p><ul><li>Monthly plan</li><li>$39</li><li>Cancel anytime</li></ul><p>Already have an account? Log in</p>`;
    const en = extractArticle(page('', offer('Unlock this article — plus in-depth analysis, newsletters and news alerts.')), URL).bodyText;
    for (const p of PARAS) expect(en).toContain(p);
    expect(en).not.toContain('Unlock this article');
    expect(en).not.toContain('Monthly plan');
    const ru = extractArticle(page('', offer('Чтобы продолжить чтение, оформите подписку на издание.')), URL).bodyText;
    expect(ru).toContain(PARAS[2]);
    expect(ru).not.toContain('продолжить чтение');
  });

  it('keeps the article when long paragraphs follow the notice (a quoted paywall, not the page\'s)', () => {
    const more =
      '<p>Readers who want to continue reading about soil usually find that the next step in building it is a cover crop sown straight after the harvest, before the autumn rain sets in. Clover, vetch and winter rye hold the ground together, feed the microbes through the cold months and can be cut and left on the surface in spring, where they rot down into the mulch that the next crop grows through. A bed treated this way for two or three winters needs far less digging.</p>';
    const html = page('', `<p>Newspapers now print “Subscribe to continue reading” under every second story.</p>${more}`);
    expect(extractArticle(html, URL).bodyText).toContain('cover crop sown straight after the harvest');
  });
});

describe('source lists after the article', () => {
  const refs = (heading: string): string =>
    `<h2>${heading}</h2><ul><li>Smith J. Soil organic matter and crop yield. Journal of Soils 2019;12(3):45-60.</li><li>Brown A. Composting at home. Garden Press, 2021.</li></ul>`;

  it('drops a trailing references heading and its citations (en, tr, ru)', () => {
    for (const heading of ['References', 'Kaynaklar', 'Источники']) {
      const { bodyText } = extractArticle(page('', refs(heading)), URL);
      expect(bodyText, heading).toContain(PARAS[2]);
      expect(bodyText, heading).not.toContain('Journal of Soils');
    }
  });

  it('drops an "Article Sources:" heading and citations printed one per line in a single block', () => {
    const urls = Array.from({ length: 12 }, (_, i) => `https://journals.example.org/soil/2019/article-${i}-organic-matter-and-crop-yield.html`).join('<br>');
    const { bodyText } = extractArticle(page('', `<p>Article Sources:</p><p>${urls}</p>`), URL);
    expect(bodyText).toContain(PARAS[2]);
    expect(bodyText).not.toContain('Article Sources');
    expect(bodyText).not.toContain('journals.example.org');
  });

  it('keeps a "Sources" section when a paragraph longer than a citation follows it', () => {
    const sentence = 'Which of these sources matters most depends on the soil you start with, and a test tells you before you spend money on amendments. ';
    const more = `<p>${sentence.repeat(4)}</p>`;
    const { bodyText } = extractArticle(page('', `${refs('Sources')}${more}`), URL);
    expect(bodyText).toContain('Journal of Soils');
  });
});
