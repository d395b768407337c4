/**
 * A local, multi-language presidential press site (kz/ru/en) and a republishing outlet, served on
 * 127.0.0.1 for the sources-and-discovery integration test. Pages, feeds and sitemaps are rendered
 * on the fly from `tests/fixtures/sites/press/articles.json`, because they carry absolute URLs with
 * the port the server got. Every request is counted, so tests can assert what was (not) fetched.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const PRESS_FIXTURES = path.resolve(import.meta.dirname, '../fixtures/sites/press');

export type Section = 'kz' | 'ru' | 'en';
export const SECTIONS: readonly Section[] = ['kz', 'ru', 'en'];
/** ISO 639-1 of each section ("kz" is the site's own spelling of Kazakh). */
export const LANGUAGE_OF: Record<Section, string> = { kz: 'kk', ru: 'ru', en: 'en' };
export const PAGE_SIZE = 4;

interface ArticleData {
  section: Section;
  id: number;
  slug: string;
  date: string;
  title: string;
  paragraphs: string[];
  /** false: linked from nowhere on the site (no listing, feed or sitemap). Default true. */
  listed?: boolean;
  /** Appears in the RSS feed only when the test adds it at runtime. */
  lateFeedItem?: boolean;
}

export interface PressArticle extends ArticleData {
  listed: boolean;
  path: string;
  url: string;
  language: string;
}

export interface CountingServer {
  server: Server;
  origin: string;
  port: number;
  /** Requests by pathname. */
  hits: Map<string, number>;
  /** Every request target (pathname + query), in order. */
  requests: string[];
  hitsOf(pathname: string): number;
  close(): Promise<void>;
}

export interface PressSite extends CountingServer {
  articles: PressArticle[];
  /** In listings, sitemaps and (partly) feeds. */
  listed: PressArticle[];
  /** Only reachable through the outlet's photo credit. */
  credited: PressArticle;
  /** Only reachable once the test puts it into the RSS feed. */
  late: PressArticle;
  startUrls: string[];
  rssUrl: string;
  atomUrl: string;
  sitemapIndexUrl: string;
  gzipSitemapUrl: string;
  newsSitemapUrl: string;
  /** Links the site shows that the profile keeps out of scope. */
  outOfScopeLinks: string[];
  /** Puts an article at the top of the RSS feed from now on. */
  addFeedItem(article: PressArticle): void;
}

const CHROME_TEXT: Record<Section, { home: string; events: string; search: string; about: string; next: string; prev: string; related: string; print: string; footer: string; editors: string; site: string }> = {
  kz: {
    home: 'Басты бет', events: 'Оқиғалар', search: 'Іздеу', about: 'Президент туралы', next: 'Келесі бет', prev: 'Алдыңғы бет',
    related: 'Тақырыпқа қатысты', print: 'Басып шығару', footer: '© 2024 Қазақстан Республикасы Президентінің ресми сайты. Мекенжайы: Астана қ., Ақорда',
    editors: 'Редакторларға кіру', site: 'Қазақстан Республикасы Президентінің ресми сайты',
  },
  ru: {
    home: 'Главная', events: 'События', search: 'Поиск', about: 'О Президенте', next: 'Следующая страница', prev: 'Предыдущая страница',
    related: 'Похожие новости', print: 'Версия для печати', footer: '© 2024 Официальный сайт Президента Республики Казахстан. Адрес: г. Астана, Акорда',
    editors: 'Вход для редакторов', site: 'Официальный сайт Президента Республики Казахстан',
  },
  en: {
    home: 'Home', events: 'Events', search: 'Search', about: 'About the President', next: 'Next page', prev: 'Previous page',
    related: 'Related news', print: 'Print version', footer: '© 2024 Official website of the President of the Republic of Kazakhstan. Address: Akorda, Astana',
    editors: 'Editors login', site: 'Official website of the President of the Republic of Kazakhstan',
  },
};

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function loadArticleData(): ArticleData[] {
  const raw = JSON.parse(readFileSync(path.join(PRESS_FIXTURES, 'articles.json'), 'utf8')) as { articles: ArticleData[] };
  return raw.articles;
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}

type Handler = (url: URL, req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

async function serveCounting(handler: Handler, port = 0): Promise<CountingServer> {
  const hits = new Map<string, number>();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    requests.push(`${url.pathname}${url.search}`);
    Promise.resolve(handler(url, req, res)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  const actualPort = await listen(server, port);
  return {
    server,
    origin: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    hits,
    requests,
    hitsOf: (pathname) => hits.get(pathname) ?? 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...headers }).end(body);
}

const notFound = (res: ServerResponse): void =>
  send(res, 404, 'text/html; charset=utf-8', '<!DOCTYPE html><html><head><title>404</title></head><body><h1>404 Not Found</h1></body></html>');

/** A body with a strong ETag, answering If-None-Match with 304 (as real feed servers do). */
function sendWithEtag(req: IncomingMessage, res: ServerResponse, type: string, body: string | Buffer): void {
  const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag }).end();
    return;
  }
  send(res, 200, type, body, { etag });
}

/** Serves the press site on 127.0.0.1 (port 0: any free port). */
export async function servePressSite(port = 0): Promise<PressSite> {
  const data = loadArticleData();
  const feedExtras: PressArticle[] = [];
  let site!: PressSite;
  let origin = '';

  const articlePath = (article: ArticleData) => `/${article.section}/events/${article.slug}-${article.id}`;
  const bySection = (section: Section) => site.listed.filter((article) => article.section === section);
  const byPath = () => new Map(site.articles.map((article) => [article.path, article]));

  const header = (section: Section) => {
    const t = CHROME_TEXT[section];
    return `<header class="site-header">
  <div class="top-line">
    <div class="lang-switch"><a href="/kz/events"${section === 'kz' ? ' class="active"' : ''}>ҚАЗ</a> <a href="/ru/events"${section === 'ru' ? ' class="active"' : ''}>РУС</a> <a href="/en/events"${section === 'en' ? ' class="active"' : ''}>ENG</a></div>
    <form class="search-form" action="/${section}/search"><input name="q" placeholder="${t.search}"></form>
    <a class="search-link" href="/${section}/search?q=${encodeURIComponent(section === 'en' ? 'Tokayev' : 'Тоқаев')}">${t.search}</a>
  </div>
  <a class="logo" href="/${section}"><img src="/assets/img/emblem.svg" alt="${t.site}" width="60" height="60"></a>
  <nav class="main-nav">
    <ul>
      <li><a href="/${section}">${t.home}</a></li>
      <li><a href="/${section}/events">${t.events}</a></li>
      <li><a href="/${section}/about">${t.about}</a></li>
    </ul>
  </nav>
</header>`;
  };
  const footer = (section: Section) => {
    const t = CHROME_TEXT[section];
    return `<footer class="site-footer">
  <p>${t.footer}</p>
  <ul class="footer-links"><li><a href="/${section}/about">${t.about}</a></li><li><a href="/admin/login">${t.editors}</a></li><li><a href="/${section}/rss.pdf">RSS (PDF)</a></li></ul>
</footer>`;
  };
  const head = (section: Section, title: string, extra: string) => `<!DOCTYPE html>
<html lang="${section === 'kz' ? 'kk' : section}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} — ${section === 'en' ? 'Akorda' : section === 'ru' ? 'Акорда' : 'Ақорда'}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/css/main.css">
<script src="/assets/js/app.js"></script>
${extra}
</head>`;

  const renderListing = (section: Section, page: number): string | null => {
    const all = bySection(section);
    const pages = Math.ceil(all.length / PAGE_SIZE);
    if (page < 1 || page > pages) return null;
    const t = CHROME_TEXT[section];
    const items = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const alternates = `<meta property="og:type" content="website">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/rss.xml">
<link rel="alternate" type="application/atom+xml" title="Atom (English)" href="/en/atom.xml">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"CollectionPage","name":${JSON.stringify(t.events)}}</script>`;
    const teasers = items
      .map(
        (article) => `      <article class="news-item">
        <div class="news-item__date">${article.date.slice(0, 10)}</div>
        <a class="news-item__title" href="${article.path}">${escapeHtml(article.title)}</a>
      </article>`,
      )
      .join('\n');
    const pager = [
      page > 1 ? `<a class="prev" href="/${section}/events${page > 2 ? `?page=${page - 1}` : ''}">${t.prev}</a>` : '',
      page < pages ? `<a class="next" href="/${section}/events?page=${page + 1}">${t.next}</a>` : '',
    ].join(' ');
    return `${head(section, page > 1 ? `${t.events} — ${page}` : t.events, alternates)}
<body class="events-list">
${header(section)}
<main class="page-content">
  <h1>${t.events}</h1>
  <a class="events-search" href="/${section}/events/search?q=2024">${t.search}</a>
  <section class="news-list">
${teasers}
  </section>
  <div class="pagination">${pager}</div>
</main>
${footer(section)}
</body>
</html>`;
  };

  const renderArticle = (article: PressArticle): string => {
    const t = CHROME_TEXT[article.section];
    // The next three articles of the section (wrapping around) are its neighbours.
    const sameSection = bySection(article.section);
    const at = sameSection.indexOf(article);
    const related = [1, 2, 3].map((step) => sameSection[(at + step + sameSection.length) % sameSection.length]!).filter((other) => other !== article);
    const meta = `<meta property="og:type" content="article">
<meta property="og:title" content="${escapeHtml(article.title)}">
<meta property="og:url" content="${article.url}">
<meta property="article:published_time" content="${article.date}">
<link rel="canonical" href="${article.url}">
<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: article.title, datePublished: article.date, inLanguage: article.language })}</script>`;
    return `${head(article.section, article.title, meta)}
<body class="news-page">
${header(article.section)}
<div class="breadcrumbs"><a href="/${article.section}">${t.home}</a> / <a href="/${article.section}/events">${t.events}</a></div>
<main class="page-content">
  <div class="news-detail">
    <div class="news-detail__date">${article.date.slice(0, 10)} ${article.date.slice(11, 16)}</div>
    <h1 class="news-detail__title">${escapeHtml(article.title)}</h1>
    <div class="news-detail__text">
${article.paragraphs.map((paragraph) => `      <p>${escapeHtml(paragraph)}</p>`).join('\n')}
    </div>
    <div class="news-detail__tools">
      <a href="?print=1">${t.print}</a>
      <a href="https://t.me/share/url?url=${encodeURIComponent(article.url)}">Telegram</a>
    </div>
  </div>
  <section class="related-news">
    <h3>${t.related}</h3>
    <ul>
${related.map((other) => `      <li><a href="${other.path}">${escapeHtml(other.title)}</a></li>`).join('\n')}
    </ul>
  </section>
</main>
${footer(article.section)}
</body>
</html>`;
  };

  const rfc822 = (iso: string) => new Date(iso).toUTCString();
  const renderRss = (): string => {
    // The two latest of each section, plus anything added at runtime (newest first).
    const regular = SECTIONS.flatMap((section) => bySection(section).slice(0, 2));
    const items = [...feedExtras, ...regular]
      .map(
        (article) => `    <item>
      <title>${escapeHtml(article.title)}</title>
      <link>${article.url}</link>
      <guid isPermaLink="true">${article.url}</guid>
      <pubDate>${rfc822(article.date)}</pubDate>
      <description>${escapeHtml(article.paragraphs[0] ?? '')}</description>
    </item>`,
      )
      .join('\n');
    return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Akorda — events</title>
    <link>${origin}/</link>
    <description>Official website of the President of the Republic of Kazakhstan</description>
    <atom:link href="${origin}/rss.xml" rel="self" type="application/rss+xml"/>
${items}
  </channel>
</rss>
`;
  };
  const renderAtom = (): string => {
    const entries = bySection('en')
      .map(
        (article) => `  <entry>
    <title>${escapeHtml(article.title)}</title>
    <link rel="alternate" type="text/html" href="${article.url}"/>
    <id>${article.url}</id>
    <updated>${article.date}</updated>
    <published>${article.date}</published>
    <summary>${escapeHtml(article.paragraphs[0] ?? '')}</summary>
  </entry>`,
      )
      .join('\n');
    return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Akorda — events (English)</title>
  <link rel="self" href="${origin}/en/atom.xml"/>
  <link rel="alternate" href="${origin}/en/events"/>
  <id>${origin}/en/atom.xml</id>
  <updated>${bySection('en')[0]?.date ?? '2024-10-10T00:00:00Z'}</updated>
${entries}
</feed>
`;
  };
  const renderSitemapIndex = (): string => `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>${origin}/sitemaps/events.xml.gz</loc><lastmod>2024-10-10T12:40:00+05:00</lastmod></sitemap>
  <sitemap><loc>${origin}/sitemaps/news.xml</loc><lastmod>2024-10-10T12:40:00+05:00</lastmod></sitemap>
</sitemapindex>
`;
  const renderEventsSitemap = (): string => `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${site.listed.map((article) => `  <url><loc>${article.url}</loc><lastmod>${article.date}</lastmod><changefreq>never</changefreq></url>`).join('\n')}
</urlset>
`;
  const renderNewsSitemap = (): string => {
    // Google News sitemaps list the last days' articles: the newest of each section.
    const recent = SECTIONS.flatMap((section) => bySection(section).slice(0, 3));
    return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${recent
  .map(
    (article) => `  <url>
    <loc>${article.url}</loc>
    <news:news>
      <news:publication><news:name>Akorda</news:name><news:language>${article.language}</news:language></news:publication>
      <news:publication_date>${article.date}</news:publication_date>
      <news:title>${escapeHtml(article.title)}</news:title>
    </news:news>
  </url>`,
  )
  .join('\n')}
</urlset>
`;
  };

  const handler: Handler = (url, req, res) => {
    const pathname = url.pathname;
    if (pathname === '/robots.txt') {
      return send(res, 200, 'text/plain; charset=utf-8', `User-agent: *\nDisallow: /private/\n\nSitemap: ${origin}/sitemap-index.xml\n`);
    }
    if (pathname === '/sitemap-index.xml') return send(res, 200, 'application/xml; charset=utf-8', renderSitemapIndex());
    if (pathname === '/sitemaps/events.xml.gz') return send(res, 200, 'application/gzip', gzipSync(renderEventsSitemap()));
    if (pathname === '/sitemaps/news.xml') return send(res, 200, 'application/xml; charset=utf-8', renderNewsSitemap());
    if (pathname === '/rss.xml') return sendWithEtag(req, res, 'application/rss+xml; charset=utf-8', renderRss());
    if (pathname === '/en/atom.xml') return sendWithEtag(req, res, 'application/atom+xml; charset=utf-8', renderAtom());
    const listing = /^\/(kz|ru|en)\/events\/?$/.exec(pathname);
    if (listing) {
      const page = url.searchParams.has('page') ? Number(url.searchParams.get('page')) : 1;
      const html = renderListing(listing[1] as Section, page);
      return html === null ? notFound(res) : send(res, 200, 'text/html; charset=utf-8', html);
    }
    const article = byPath().get(pathname);
    if (article) return send(res, 200, 'text/html; charset=utf-8', renderArticle(article));
    if (/^\/(kz|ru|en)(\/about|\/search|\/events\/search)?\/?$/.test(pathname) || pathname.startsWith('/admin/')) {
      // Real pages, but the profile keeps them out of scope: the test asserts they are never requested.
      const section = (pathname.slice(1, 3) as Section) in CHROME_TEXT ? (pathname.slice(1, 3) as Section) : 'ru';
      return send(res, 200, 'text/html; charset=utf-8', `${head(section, 'Page', '')}<body>${header(section)}<main><p>${pathname}</p></main>${footer(section)}</body></html>`);
    }
    return notFound(res);
  };

  const base = await serveCounting(handler, port);
  origin = base.origin;
  const articles: PressArticle[] = data.map((article) => ({
    ...article,
    listed: article.listed ?? true,
    path: articlePath(article),
    url: `${origin}${articlePath(article)}`,
    language: LANGUAGE_OF[article.section],
  }));
  // Newest first, as the site lists them.
  articles.sort((a, b) => (a.section === b.section ? b.date.localeCompare(a.date) : SECTIONS.indexOf(a.section) - SECTIONS.indexOf(b.section)));
  const credited = articles.find((article) => !article.listed && !article.lateFeedItem);
  const late = articles.find((article) => article.lateFeedItem);
  if (!credited || !late) throw new Error('articles.json needs an unlisted article and a late feed item');

  site = {
    ...base,
    articles,
    listed: articles.filter((article) => article.listed),
    credited,
    late,
    startUrls: SECTIONS.map((section) => `${origin}/${section}/events`),
    rssUrl: `${origin}/rss.xml`,
    atomUrl: `${origin}/en/atom.xml`,
    sitemapIndexUrl: `${origin}/sitemap-index.xml`,
    gzipSitemapUrl: `${origin}/sitemaps/events.xml.gz`,
    newsSitemapUrl: `${origin}/sitemaps/news.xml`,
    outOfScopeLinks: [
      ...SECTIONS.flatMap((section) => [`/${section}/search?q=${encodeURIComponent(section === 'en' ? 'Tokayev' : 'Тоқаев')}`, `/${section}/events/search?q=2024`, `/${section}/about`, `/${section}`]),
      '/admin/login',
      ...articles.filter((article) => article.listed).map((article) => `${article.path}?print=1`),
    ],
    addFeedItem(article) {
      if (!feedExtras.includes(article)) feedExtras.unshift(article);
    },
  };
  return site;
}

/**
 * The republishing outlet: a Turkish news site whose article credits the press site's photo page.
 * `{{PRESS_ORIGIN}}` in its files is replaced by the press site's origin.
 */
export async function serveOutletSite(pressOrigin: string, port = 0): Promise<CountingServer & { articleUrl: string }> {
  const root = path.join(PRESS_FIXTURES, 'outlet');
  const articlePath = '/haber/2024/10/abay-aniti-asgabat-acildi-55120.html';
  const base = await serveCounting(async (url, _req, res) => {
    if (url.pathname === '/robots.txt') return send(res, 200, 'text/plain; charset=utf-8', 'User-agent: *\nAllow: /\n');
    const file = path.join(root, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(root) || !file.endsWith('.html')) return notFound(res);
    const html = await readFile(file, 'utf8').catch(() => null);
    if (html === null) return notFound(res);
    return send(res, 200, 'text/html; charset=utf-8', html.replaceAll('{{PRESS_ORIGIN}}', pressOrigin));
  }, port);
  return { ...base, articleUrl: `${base.origin}${articlePath}` };
}
