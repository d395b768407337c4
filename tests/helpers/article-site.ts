import { createServer, type Server } from 'node:http';

const WORDS = {
  tr: 'devlet başkan ziyaret ekonomi işbirliği bölge enerji kültür anlaşma görüşme halk ülke proje yatırım ulaşım tarih gelecek güven barış toplantı'.split(' '),
  ru: 'государство президент визит экономика сотрудничество регион энергия культура соглашение переговоры народ страна проект инвестиции транспорт история будущее'.split(' '),
  kk: 'мемлекет президент сапар экономика ынтымақтастық өңір энергетика мәдениет келісім келіссөз халық ел жоба инвестиция көлік тарих болашақ'.split(' '),
  en: 'state president visit economy cooperation region energy culture agreement talks people country project investment transport history future'.split(' '),
} as const;
const LANGS = ['tr', 'ru', 'kk', 'en'] as const;

/** Deterministic words for page n: every page has its own text (no accidental duplicates). */
function words(n: number, count: number, lang: (typeof LANGS)[number]): string {
  const list = WORDS[lang];
  let state = (n + 1) * 2_654_435_761;
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    out.push(list[state % list.length]!);
  }
  return `${out.join(' ')} ${n}-${count}`;
}

/** A realistic article page (nav, related links, footer) for page n of a generated site. */
export function articlePage(n: number, total: number): string {
  const lang = LANGS[n % LANGS.length]!;
  const paragraphs = Array.from({ length: 6 }, (_, i) => `<p>${words(n * 10 + i, 40, lang)}.</p>`).join('\n');
  const related = [1, 2, 3].map((step) => (n + step * 7) % total).map((m) => `<li><a href="/news/${m}.html">${words(m, 6, lang)}</a></li>`).join('');
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>${words(n, 8, lang)} | Site</title>
<meta property="article:published_time" content="2024-10-${String((n % 28) + 1).padStart(2, '0')}T10:00:00Z"></head>
<body><nav class="menu"><a href="/">Home</a> <a href="/news/">News</a> <a href="/about">About</a></nav>
<main><article><h1>${words(n, 8, lang)}</h1>${paragraphs}</article>
<section class="related-news"><h3>Related</h3><ul>${related}</ul></section></main>
<footer>© Generated site</footer></body></html>`;
}

export interface ArticleSite {
  origin: string;
  urls: string[];
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Serves N generated article pages on 127.0.0.1, counting requests per path. */
export async function serveArticleSite(total: number): Promise<ArticleSite> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const match = /^\/news\/(\d+)\.html$/.exec(path);
    const n = match ? Number(match[1]) : -1;
    if (n < 0 || n >= total) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(articlePage(n, total));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    origin,
    urls: Array.from({ length: total }, (_, n) => `${origin}/news/${n}.html`),
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

