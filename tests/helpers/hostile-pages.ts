import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';

/**
 * Hostile and broken HTML for the bad-input corpus (issue 8), and a local server (127.0.0.1,
 * random port) that serves it together with a few routes the misbehaving server lacks:
 * a 500 that never recovers, a 429 with a short Retry-After, a slowly served article and a
 * page that makes the extractor throw. Bodies are built on demand and cached per process.
 */

const SENTENCE = 'Bu haber metni, çıkarıcının gövde olarak tanıması için yeterince uzun ve anlamlı bir paragraftır';

/** A paragraph of `words` words that the extractor takes for article text. */
export function paragraph(seed: string, sentences = 4): string {
  return Array.from({ length: sentences }, (_, i) => `${SENTENCE} (${seed} ${i + 1}).`).join(' ');
}

/** A plain, well-formed news article the pipeline stores. */
export function articleHtml(title: string, options: { paragraphs?: number; head?: string; afterBody?: string; marker?: string } = {}): string {
  const paragraphs = Array.from({ length: options.paragraphs ?? 6 }, (_, i) => `<p>${paragraph(`${options.marker ?? title} §${i + 1}`)}</p>`).join('\n');
  return `<!doctype html><html lang="tr"><head><meta charset="utf-8"><title>${title}</title>
<meta property="og:type" content="article"><meta property="og:title" content="${title}">${options.head ?? ''}</head>
<body><header><nav><a href="/">Ana Sayfa</a> <a href="/gundem">Gündem</a></nav></header>
<main><article><h1>${title}</h1>
${paragraphs}
</article>${options.afterBody ?? ''}</main><footer>© 2026 Örnek Haber</footer></body></html>`;
}

/** Deterministic pseudo-random bytes (xorshift32), so the "binary garbage" is the same every run. */
export function garbageBytes(length: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

const RELATED_TITLES = [
  'Göreli bağlantı: ekonomi haberinin devamı burada',
  'Protokolsüz bağlantı: başka bir sitedeki haber',
  'Veri bağlantısı: tarayıcıda çalışan içerik',
  'JavaScript bağlantısı: tıklayınca kod çalışır',
  'E-posta bağlantısı: editöre yazın lütfen',
  'Mutlak bağlantı: spor sayfasındaki son dakika',
  'Kök göreli bağlantı: kültür sanat haberi',
];

/** A "related news" block with every kind of link a hostile page can carry. */
export function relatedBlock(): string {
  const hrefs = [
    'devami.html',
    '//cdn.example.org/haber/baska.html',
    'data:text/html;base64,PGgxPmhpPC9oMT4=',
    'javascript:alert(document.cookie)',
    'mailto:editor@example.org',
    'https://spor.example.org/son-dakika.html',
    '/kultur/sanat-haberi.html',
  ];
  const items = hrefs.map((href, i) => `<li><a href="${href}">${RELATED_TITLES[i]}</a></li>`).join('');
  return `<section class="related-news"><h3>İlgili Haberler</h3><ul>${items}</ul></section>`;
}

export interface HostilePage {
  /** Short id, also the last path segment under /html/. */
  name: string;
  /** What makes it hostile, for the report and test names. */
  what: string;
  contentType: string;
  body(): Buffer;
  /** Outcome(s) the pipeline may record for it (exactly one record per URL either way). */
  outcomes: readonly string[];
  /** A phrase of the article text that must survive extraction (when the page is stored). */
  mustContain?: string;
  /** The title extraction must find, when it is stored. */
  title?: string;
}

const cache = new Map<string, Buffer>();
const cached = (name: string, make: () => Buffer) => (): Buffer => {
  let body = cache.get(name);
  if (!body) {
    body = make();
    cache.set(name, body);
  }
  return body;
};

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const HTML = 'text/html; charset=utf-8';

/** 20 MB of one text node: no markup for the parser to split on. */
export const HUGE_TEXT_NODE_BYTES = 20 * 1024 * 1024;

export const HOSTILE_PAGES: HostilePage[] = [
  {
    name: 'truncated.html',
    what: 'truncated HTML (connection cut mid-tag, no closing tags)',
    contentType: HTML,
    body: cached('truncated', () => utf8(articleHtml('Kesik sayfa haberi', { marker: 'kesik' }).split('</article>')[0]!.concat('<p>Son paragraf yarım kal', '<div class="x'))),
    outcomes: ['stored'],
    mustContain: 'kesik §6',
    title: 'Kesik sayfa haberi',
  },
  {
    name: 'nesting-5000.html',
    what: '5,000 levels of nested <div> around the article',
    contentType: HTML,
    body: cached('nesting', () => utf8(articleHtml('Derin iç içe haber', { marker: 'derin' }).replace('<article>', `<article>${'<div>'.repeat(5000)}`).replace('</article>', `${'</div>'.repeat(5000)}</article>`))),
    outcomes: ['stored'],
    mustContain: 'derin §3',
    title: 'Derin iç içe haber',
  },
  {
    name: 'huge-text-node.html',
    what: `a ${HUGE_TEXT_NODE_BYTES / 1024 / 1024} MB single text node`,
    contentType: HTML,
    body: cached('huge-text', () => {
      const head = utf8('<!doctype html><html><head><title>Dev metin</title></head><body><p>');
      const tail = utf8('</p></body></html>');
      return Buffer.concat([head, Buffer.alloc(HUGE_TEXT_NODE_BYTES - head.length - tail.length, 'a'), tail]);
    }),
    // Over the default 10 MB limit: refused while streaming. Under a raised limit it parses to a non-article.
    outcomes: ['too-large', 'not-article'],
  },
  {
    name: 'binary-garbage.html',
    what: '256 kB of random bytes labelled text/html',
    contentType: HTML,
    body: cached('garbage', () => garbageBytes(256 * 1024)),
    // Refused as not text before extraction is even tried.
    outcomes: ['decode-error'],
  },
  {
    name: 'invalid-utf8.html',
    what: 'declared UTF-8 with invalid byte sequences (C3 28, FF FE, truncated E2 82) inside the text',
    contentType: HTML,
    body: cached('invalid-utf8', () => {
      const html = articleHtml('Bozuk UTF-8 haberi', { marker: 'bozuk' });
      const at = html.indexOf('<p>') + 3;
      return Buffer.concat([utf8(html.slice(0, at)), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xe2, 0x82, 0x20]), utf8(html.slice(at))]);
    }),
    outcomes: ['stored'],
    mustContain: 'bozuk §2',
    title: 'Bozuk UTF-8 haberi',
  },
  {
    name: 'nul-bytes.html',
    what: 'NUL and other C0 control bytes inside the title and the text',
    contentType: HTML,
    body: cached('nul', () => utf8(articleHtml('NUL\u0000baytlı\u0001haber', { marker: 'nul' }).replace(/ (?=çıkarıcının)/g, '\u0000 '))),
    outcomes: ['stored'],
    mustContain: 'nul §4',
  },
  {
    name: 'base-javascript.html',
    what: '<base href="javascript:…"> with relative links in the related block',
    contentType: HTML,
    body: cached('base-js', () => utf8(articleHtml('Zararlı base etiketi haberi', { marker: 'base-js', head: '<base href="javascript:alert(1)//">', afterBody: relatedBlock() }))),
    outcomes: ['stored'],
    mustContain: 'base-js §1',
  },
  {
    name: 'base-other-host.html',
    what: '<base href> pointing at another host',
    contentType: HTML,
    body: cached('base-other', () => utf8(articleHtml('Başka sunucuya base haberi', { marker: 'base-other', head: '<base href="https://other-host.example/kok/">', afterBody: relatedBlock() }))),
    outcomes: ['stored'],
    mustContain: 'base-other §1',
  },
  {
    name: 'related-links.html',
    what: 'relative, protocol-relative, data:, javascript: and mailto: links in the related-news block',
    contentType: HTML,
    body: cached('related', () => utf8(articleHtml('İlgili bağlantılar haberi', { marker: 'related', afterBody: relatedBlock() }))),
    outcomes: ['stored'],
    mustContain: 'related §5',
  },
  {
    name: 'many-attributes.html',
    what: '100,000 attributes on one element',
    contentType: HTML,
    body: cached('attrs', () => utf8(articleHtml('Çok öznitelikli haber', { marker: 'attrs' }).replace('<article>', `<article ${Array.from({ length: 100_000 }, (_, i) => `data-a${i}="${i}"`).join(' ')}>`))),
    outcomes: ['stored'],
    mustContain: 'attrs §2',
  },
  {
    name: 'lone-surrogates.html',
    what: 'numeric character references to lone surrogates, U+FFFF and out-of-range code points',
    contentType: HTML,
    body: cached('surrogates', () => utf8(articleHtml('Vekil &#xD800; karakter &#x110000; haberi &#xFFFF;', { marker: 'surr' }).replace(/§1/, '§1 &#xDC00;&#55296;&#0;'))),
    outcomes: ['stored'],
    mustContain: 'surr §3',
  },
  {
    name: 'empty.html',
    what: 'an empty 200 response labelled text/html',
    contentType: HTML,
    body: () => Buffer.alloc(0),
    outcomes: ['not-article'],
  },
  {
    name: 'utf16-bom.html',
    what: 'UTF-16LE with a BOM, labelled text/html without charset',
    contentType: 'text/html',
    body: cached('utf16', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(articleHtml('UTF-16 kodlu haber', { marker: 'utf16' }).replace('<meta charset="utf-8">', ''), 'utf16le')])),
    outcomes: ['stored'],
    mustContain: 'utf16 §2',
    title: 'UTF-16 kodlu haber',
  },
  {
    name: 'header-charset-1254.html',
    what: 'Turkish windows-1254 declared only in the Content-Type header (no <meta charset>)',
    contentType: 'text/html; charset=windows-1254',
    body: cached('1254', () => iconv.encode(articleHtml('Şişli de ağır çığ uyarısı', { marker: 'çığ' }).replace('<meta charset="utf-8">', ''), 'windows-1254')),
    outcomes: ['stored'],
    mustContain: 'çığ §2',
    title: 'Şişli de ağır çığ uyarısı',
  },
  {
    name: 'header-charset-1254-en.html',
    what: 'English text from a Turkish site, windows-1254 only in the Content-Type header (statistical detection guesses windows-1252)',
    contentType: 'text/html; charset=windows-1254',
    body: cached('1254-en', () => {
      const p = 'President Erdoğan met the delegation in Ankara on Tuesday, officials said, and the talks covered trade, energy and regional security over several hours of meetings.';
      return iconv.encode(`<!doctype html><html><head><title>Erdoğan meets delegation in Ankara</title><meta property="og:type" content="article"></head><body><article><h1>Erdoğan meets delegation in Ankara</h1>${Array.from({ length: 6 }, () => `<p>${p}</p>`).join('')}</article></body></html>`, 'windows-1254');
    }),
    outcomes: ['stored'],
    mustContain: 'President Erdoğan met',
    title: 'Erdoğan meets delegation in Ankara',
  },
  {
    name: 'many-distinct-words.html',
    what: 'a long read with 3,000 distinct words (a large `terms` array: FerretDB indexes an array as one entry of at most 8191 bytes)',
    contentType: HTML,
    body: cached('distinct', () => {
      const word = (i: number) => `söz${i.toString(36)}kelime`;
      const paragraphs = Array.from({ length: 60 }, (_, p) => `<p>Uzun okuma bölümü ${p + 1}: ${Array.from({ length: 50 }, (_, w) => word(p * 50 + w)).join(' ')}.</p>`).join('\n');
      return utf8(articleHtml('Çok kelimeli uzun okuma', { marker: 'uzun', paragraphs: 2 }).replace('</article>', `${paragraphs}</article>`));
    }),
    outcomes: ['stored'],
    mustContain: 'Uzun okuma bölümü 60',
    title: 'Çok kelimeli uzun okuma',
  },
  {
    name: 'wide-article.html',
    what: '20,000 paragraphs side by side in one <article> (cheerio\'s .find() is quadratic in a parent\'s children: 100,000 took 95 s)',
    contentType: HTML,
    body: cached('wide', () => {
      const paragraphs = Array.from({ length: 20_000 }, (_, i) => `<p>Geniş sayfa paragrafı ${i + 1}: bir iki üç dört beş.</p>`).join('');
      return utf8(articleHtml('Çok paragraflı geniş haber', { marker: 'genis', paragraphs: 2 }).replace('</article>', `${paragraphs}</article>`));
    }),
    outcomes: ['stored'],
    mustContain: 'Geniş sayfa paragrafı 20000',
    title: 'Çok paragraflı geniş haber',
  },
  {
    name: 'many-line-breaks.html',
    what: 'one paragraph of 20,000 lines split by <br> (reading the end of a growing string was quadratic)',
    contentType: HTML,
    body: cached('line-breaks', () => {
      const lines = Array.from({ length: 20_000 }, (_, i) => `Satır ${i + 1}: kısa bir cümle`).join('<br>');
      return utf8(articleHtml('Satır satır haber', { marker: 'satir', paragraphs: 2 }).replace('</article>', `<p>${lines}</p></article>`));
    }),
    outcomes: ['stored'],
    mustContain: 'Satır 20000: kısa bir cümle',
    title: 'Satır satır haber',
  },
];

export function hostilePage(name: string): HostilePage {
  const page = HOSTILE_PAGES.find((candidate) => candidate.name === name);
  if (!page) throw new Error(`no hostile page ${name}`);
  return page;
}

/**
 * JSON-LD holding one flat array of 300,000 numbers (~600 kB, under the extractor's 2 MB JSON-LD
 * cap). The extractor's JSON-LD walk spreads arrays into `stack.push(...item)`, which throws
 * "RangeError: Maximum call stack size exceeded" for arrays this wide: a page the parser cannot handle.
 */
export function poisonPageHtml(): string {
  return articleHtml('Zehirli sayfa', {
    marker: 'poison',
    head: `<script type="application/ld+json">{"@type":"NewsArticle","@graph":[${'0,'.repeat(300_000)}0]}</script>`,
  });
}

export interface HostileServer {
  url: string;
  port: number;
  hits: Map<string, number>;
  /** Requests whose response has started but not finished (slow pages). */
  inFlight: Set<string>;
  /** Paths whose response was completely written. */
  completed: Map<string, number>;
  close(): Promise<void>;
}

/**
 * Routes:
 *  /html/<name>              a HOSTILE_PAGES entry with its content type
 *  /article/<slug>.html      a well-formed article (the "normal page enqueued after them")
 *  /500-forever              always HTTP 500
 *  /rate-limited?after=S     always 429 with Retry-After: S (default 1)
 *  /slow/<slug>.html?ms=N    headers at once, half the article, the rest after N ms (&once=1: only the first time)
 *  /poison/<slug>.html       the poison page (extractor throws)
 */
export async function startHostileServer(): Promise<HostileServer> {
  const hits = new Map<string, number>();
  const completed = new Map<string, number>();
  const inFlight = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const done = () => completed.set(path, (completed.get(path) ?? 0) + 1);
    if (path.startsWith('/html/')) {
      const page = HOSTILE_PAGES.find((candidate) => candidate.name === path.slice('/html/'.length));
      if (page) {
        const body = page.body();
        res.writeHead(200, { 'content-type': page.contentType, 'content-length': String(body.length) });
        res.end(body, done);
        return;
      }
    } else if (path.startsWith('/article/')) {
      res.writeHead(200, { 'content-type': HTML });
      res.end(articleHtml(`Normal haber ${decodeURIComponent(path.slice('/article/'.length).replace(/\.html$/, ''))}`), done);
      return;
    } else if (path === '/500-forever') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error', done);
      return;
    } else if (path === '/rate-limited') {
      res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': url.searchParams.get('after') ?? '1' });
      res.end('slow down', done);
      return;
    } else if (path.startsWith('/slow/')) {
      // ?once=1: only the first request is slow (a refetch after a restart answers at once).
      const ms = url.searchParams.get('once') === '1' && (hits.get(path) ?? 0) > 1 ? 0 : Number(url.searchParams.get('ms') ?? '3000');
      const html = articleHtml(`Yavaş haber ${path.slice('/slow/'.length).replace(/\.html$/, '')}`);
      const half = Math.floor(html.length / 2);
      inFlight.add(path);
      res.writeHead(200, { 'content-type': HTML });
      res.write(html.slice(0, half));
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.end(html.slice(half), () => {
          inFlight.delete(path);
          done();
        });
      }, ms);
      timers.add(timer);
      res.on('close', () => {
        inFlight.delete(path);
        clearTimeout(timer);
        timers.delete(timer);
      });
      return;
    } else if (path.startsWith('/poison/')) {
      res.writeHead(200, { 'content-type': HTML });
      res.end(poisonPageHtml(), done);
      return;
    }
    res.writeHead(404, { 'content-type': HTML });
    res.end('<html><body>not found</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    inFlight,
    completed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Resident set size (VmRSS) and its peak (VmHWM) of a live process, in bytes, from /proc. */
export async function processMemory(pid: number): Promise<{ rss: number; peak: number }> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

const REPO = path.resolve(import.meta.dirname, '../..');

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the process logged "workers started". */
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** `newsflow worker all` from source as a child process (info logs on stderr, kept for assertions). */
export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src/cli/main.ts'), 'worker', 'all'], {
    cwd: REPO,
    env: { ...process.env, ...env, NEWSFLOW_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('workers started')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it started:\n${stderr.slice(-2000)}`)));
  });
  ready.catch(() => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, ready, exited, stderr: () => stderr };
}
