/**
 * Deterministic generator of realistic news article pages for the pipeline benchmark.
 *
 * Page `n` of a site with seed `seed` is always the same bytes (a seeded PRNG drives every
 * choice), every page has its own content, and the page is built straight from its path, so the
 * static server needs no disk and no cache. Each page is 60–150 KB of HTML: head metadata with
 * JSON-LD, a navigation bar, breadcrumb, the article (lead, sub-headings, paragraphs, a quote in
 * another language, figure, tags), share buttons, related links, two sidebars (latest, most read,
 * other editions), a comment thread in mixed languages, a footer, inline CSS and an inline
 * state/ads script padding the page to its drawn size — roughly the shape of the outlets newsflow
 * ingests. Primary languages rotate over tr/ru/kk/en.
 */
import { AUTHORS, CHROME, LANGS, WORDS, type Lang } from './words.js';

export const MIN_PAGE_BYTES = 60 * 1024;
export const MAX_PAGE_BYTES = 150 * 1024;

/** mulberry32: tiny, fast, good enough for text. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(seed: number, n: number, salt: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ n, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13) ^ salt, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

type Rand = () => number;
const int = (rand: Rand, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function words(rand: Rand, lang: Lang, count: number): string {
  const list = WORDS[lang];
  const out: string[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = list[Math.floor(rand() * list.length)]!;
  return out.join(' ');
}

function sentence(rand: Rand, lang: Lang, min = 6, max = 18): string {
  const text = words(rand, lang, int(rand, min, max));
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${pick(rand, ['.', '.', '.', '.', '!', '?', '.'])}`;
}

function paragraph(rand: Rand, lang: Lang, sentences: number): string {
  const parts: string[] = [];
  for (let i = 0; i < sentences; i++) parts.push(sentence(rand, lang));
  return parts.join(' ');
}

export function langOf(n: number): Lang {
  return LANGS[n % LANGS.length]!;
}

/** Title of page `n` (used by the page itself and by every page linking to it). */
export function titleOf(seed: number, n: number): string {
  const rand = prng(mix(seed, n, 1));
  return sentence(rand, langOf(n), 6, 12).replace(/[.!?]$/, '');
}

function slugOf(seed: number, n: number): string {
  const rand = prng(mix(seed, n, 2));
  const latin = 'abcdefghijklmnopqrstuvwxyz';
  const parts: string[] = [];
  for (let i = 0; i < 5; i++) {
    let part = '';
    for (let j = int(rand, 3, 9); j > 0; j--) part += latin[Math.floor(rand() * latin.length)];
    parts.push(part);
  }
  return parts.join('-');
}

function dateOf(seed: number, n: number): Date {
  const rand = prng(mix(seed, n, 3));
  return new Date(Date.UTC(2024, 0, 1) + Math.floor(rand() * 365 * 86_400_000));
}

/** Path of page `n`: `/<lang>/news/<yyyy>/<mm>/<n>-<slug>.html`. */
export function pagePath(seed: number, n: number): string {
  const date = dateOf(seed, n);
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `/${langOf(n)}/news/${date.getUTCFullYear()}/${month}/${n}-${slugOf(seed, n)}.html`;
}

const PATH_RE = /^\/(tr|ru|kk|en)\/news\/\d{4}\/\d{2}\/(\d+)-[a-z-]+\.html$/;

/** The page number a path names, or null when it is not exactly a page of this site. */
export function pageNumberOf(seed: number, path: string, pages: number): number | null {
  const match = PATH_RE.exec(path);
  if (!match) return null;
  const n = Number(match[2]);
  if (!Number.isSafeInteger(n) || n < 0 || n >= pages) return null;
  return pagePath(seed, n) === path ? n : null;
}

const CSS = `body{margin:0;font-family:Georgia,serif;color:#222;background:#fafafa}.site-header{background:#0b3d91;color:#fff;padding:8px 16px}
.site-header a{color:#fff;text-decoration:none}.main-menu ul{list-style:none;display:flex;gap:12px;margin:0;padding:0}
.container{display:grid;grid-template-columns:220px 1fr 300px;gap:24px;max-width:1280px;margin:0 auto}.news-title{font-size:2.2em;line-height:1.15}
.news-meta{color:#777;font-size:.9em}.news-content p{font-size:1.1em;line-height:1.6}.lead{font-weight:bold}.sidebar h3{border-bottom:2px solid #0b3d91}
.sidebar li{margin:6px 0}.share-buttons a{margin-right:8px}.comments .comment{border-top:1px solid #ddd;padding:8px 0}.tags a{background:#eee;padding:2px 6px;margin:2px}
.site-footer{background:#111;color:#aaa;padding:24px}.cookie-banner{position:fixed;bottom:0;background:#333;color:#fff;padding:12px}
@media (max-width:900px){.container{grid-template-columns:1fr}.sidebar{display:none}}`;

/** The full HTML of page `n` of the site at `origin`, `pages` pages in all. */
export function renderPage(seed: number, n: number, pages: number, origin: string): string {
  const rand = prng(mix(seed, n, 4));
  const lang = langOf(n);
  const chrome = CHROME[lang];
  const target = int(rand, MIN_PAGE_BYTES, MAX_PAGE_BYTES);
  const title = titleOf(seed, n);
  const url = `${origin}${pagePath(seed, n)}`;
  const published = dateOf(seed, n);
  const author = pick(rand, AUTHORS[lang]);
  const section = pick(rand, chrome.sections);
  const other = () => (n + 1 + Math.floor(rand() * Math.max(1, pages - 1))) % pages;
  const link = (m: number) => `<a href="${pagePath(seed, m)}">${escapeHtml(titleOf(seed, m))}</a>`;

  const lead = paragraph(rand, lang, int(rand, 2, 3));
  const description = lead.slice(0, 160);
  const body: string[] = [];
  const paragraphs = int(rand, 12, 30);
  for (let i = 0; i < paragraphs; i++) {
    if (i > 0 && i % int(rand, 4, 7) === 0) body.push(`<h2>${escapeHtml(sentence(rand, lang, 3, 7).replace(/[.!?]$/, ''))}</h2>`);
    if (i === 3) {
      const quoteLang = pick(rand, LANGS.filter((l) => l !== lang));
      body.push(`<blockquote lang="${quoteLang}"><p>${escapeHtml(paragraph(rand, quoteLang, 2))}</p></blockquote>`);
    }
    if (i === 5) {
      body.push(`<div class="inline-related"><strong>${chrome.readMore}:</strong> ${link(other())}</div>`);
      body.push(`<div class="ad-slot" data-slot="in-article-1"><script>window.adsQueue=window.adsQueue||[];adsQueue.push({slot:"in-article-1",n:${n}})</script></div>`);
    }
    body.push(`<p>${escapeHtml(paragraph(rand, lang, int(rand, 3, 7)))}</p>`);
  }
  const tags = Array.from({ length: int(rand, 3, 7) }, () => pick(rand, WORDS[lang]));
  const related = Array.from({ length: int(rand, 6, 12) }, () => `<li>${link(other())}</li>`).join('');
  const sidebarList = (count: number) => Array.from({ length: count }, () => `<li>${link(other())}<span class="time">${int(rand, 1, 59)} min</span></li>`).join('');
  const editions = LANGS.filter((l) => l !== lang)
    .map((l) => `<h4>${CHROME[l].site}</h4><ul>${Array.from({ length: 5 }, () => {
      const m = ((Math.floor(rand() * pages / 4) * 4 + LANGS.indexOf(l)) % pages);
      return `<li>${link(m)}</li>`;
    }).join('')}</ul>`)
    .join('');
  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org', '@type': 'NewsArticle', headline: title, description,
    datePublished: published.toISOString(), dateModified: published.toISOString(), inLanguage: lang,
    author: [{ '@type': 'Person', name: author }], publisher: { '@type': 'Organization', name: chrome.site },
    mainEntityOfPage: url, articleSection: section, keywords: tags.join(', '),
  });
  const menu = [`<li><a href="/${lang}/">${chrome.home}</a></li>`, ...chrome.sections.map((s, i) => `<li><a href="/${lang}/section/${i}/">${s}</a></li>`), ...LANGS.filter((l) => l !== lang).map((l) => `<li><a href="/${l}/">${l.toUpperCase()}</a></li>`)].join('');

  const head = `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} | ${chrome.site}</title>
<meta name="description" content="${escapeHtml(description)}">
<meta property="og:type" content="article">
<meta property="og:title" content="${escapeHtml(title)}">
<meta property="og:site_name" content="${chrome.site}">
<meta property="og:url" content="${url}">
<meta property="og:image" content="${origin}/img/${n}.jpg">
<link rel="canonical" href="${url}">
<meta property="article:published_time" content="${published.toISOString()}">
<meta property="article:section" content="${section}">
<meta name="author" content="${escapeHtml(author)}">
<style>${CSS}</style>
<script type="application/ld+json">${jsonLd}</script>
<script async src="/static/js/analytics.js"></script>
</head>
<body>
<header class="site-header"><div class="logo"><a href="/${lang}/">${chrome.site}</a></div>
<nav class="main-menu"><ul>${menu}</ul></nav></header>
<div class="cookie-banner" id="cookie-consent">${escapeHtml(sentence(rand, lang))} <button>OK</button></div>
<div class="container">
<aside class="sidebar sidebar-left"><h3>${chrome.latest}</h3><ul>${sidebarList(int(rand, 15, 25))}</ul></aside>
<main>
<article class="news-detail">
<nav class="breadcrumb"><a href="/${lang}/">${chrome.home}</a> › <a href="/${lang}/section/${chrome.sections.indexOf(section)}/">${section}</a></nav>
<h1 class="news-title">${escapeHtml(title)}</h1>
<div class="news-meta"><time datetime="${published.toISOString()}">${published.toISOString().slice(0, 16).replace('T', ' ')}</time> <span class="author">${escapeHtml(author)}</span> <span class="views">${int(rand, 100, 99_999)}</span></div>
<figure class="lead-image"><img src="/img/${n}.jpg" alt="${escapeHtml(title)}" width="1200" height="675"><figcaption>${escapeHtml(sentence(rand, lang))}</figcaption></figure>
<div class="news-content">
<p class="lead">${escapeHtml(lead)}</p>
<div class="share-buttons"><a href="https://www.facebook.com/sharer.php?u=${encodeURIComponent(url)}">Facebook</a> <a href="https://twitter.com/intent/tweet?url=${encodeURIComponent(url)}">X</a> <a href="https://t.me/share/url?url=${encodeURIComponent(url)}">Telegram</a></div>
${body.join('\n')}
</div>
<div class="tags">${tags.map((t) => `<a href="/${lang}/tag/${encodeURIComponent(t)}/">${escapeHtml(t)}</a>`).join(' ')}</div>
</article>
<section class="related-news"><h3>${chrome.related}</h3><ul>${related}</ul></section>
`;
  const tail = `</main>
<aside class="sidebar sidebar-right"><h3>${chrome.mostRead}</h3><ol>${sidebarList(int(rand, 10, 20))}</ol><div class="editions">${editions}</div></aside>
</div>
<footer class="site-footer"><ul>${chrome.sections.map((s, i) => `<li><a href="/${lang}/section/${i}/">${s}</a></li>`).join('')}</ul><p>© 2024 ${chrome.site}. ${chrome.footer}</p></footer>
`;
  // Comments in mixed languages fill part of the remaining budget; an inline state script the rest.
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail) + 64;
  const comments: string[] = [];
  const commentBudget = Math.max(0, (target - size) * (0.3 + rand() * 0.3));
  let commentBytes = 0;
  while (commentBytes < commentBudget) {
    const commentLang = rand() < 0.6 ? lang : pick(rand, LANGS);
    const comment = `<div class="comment"><span class="user">user${int(rand, 1, 99_999)}</span> <p>${escapeHtml(paragraph(rand, commentLang, int(rand, 1, 4)))}</p></div>`;
    comments.push(comment);
    commentBytes += Buffer.byteLength(comment);
  }
  const commentsHtml = `<section class="comments"><h3>${chrome.comments} (${comments.length})</h3>${comments.join('')}</section>\n`;
  size += Buffer.byteLength(commentsHtml);
  const state: string[] = [];
  let stateBytes = 0;
  while (size + stateBytes + 40 < target) {
    const entry = `{"id":${int(rand, 1, 1e9)},"k":"${Math.floor(rand() * 1e12).toString(36)}","w":${int(rand, 100, 999)},"h":${int(rand, 50, 600)}},`;
    state.push(entry);
    stateBytes += entry.length;
  }
  const script = `<script>window.__STATE__={"ads":[${state.join('').replace(/,$/, '')}]}</script>\n`;
  return `${head}${commentsHtml}${tail}${script}</body>\n</html>\n`;
}

export function pageUrls(seed: number, pages: number, origin: string): string[] {
  return Array.from({ length: pages }, (_, n) => `${origin}${pagePath(seed, n)}`);
}
