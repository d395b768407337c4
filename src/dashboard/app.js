// newsflow dashboard: plain DOM, no build step. Every value from the API is inserted as text;
// article HTML goes through renderBodyHtml, which rebuilds only an allow-list of tags.

const PAGE_SIZE = 20;
const FILTERS = ['text', 'source', 'lang', 'author', 'since', 'until', 'credits', 'cluster', 'sort'];
const view = document.getElementById('view');

// A visit with ?token= has set the HttpOnly cookie that authorizes every later request; keep the
// token out of the address bar and history.
if (new URLSearchParams(location.search).has('token')) history.replaceState(null, '', location.pathname + location.hash);

// ---- tiny DOM helpers -------------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function formatDate(iso, withTime = true) {
  if (!iso) return '–';
  const date = new Date(iso);
  return withTime ? date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : date.toISOString().slice(0, 10);
}

function externalLink(url, text) {
  return /^https?:\/\//i.test(url ?? '') ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'url' }, text ?? url) : el('span', { class: 'url' }, text ?? url ?? '');
}

function show(...nodes) {
  view.replaceChildren(...nodes);
}

// ---- API ---------------------------------------------------------------------------------------

class ApiError extends Error {}

async function api(path, init) {
  const response = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' }, ...init });
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: fall through to the status message
  }
  if (response.status === 401) throw new ApiError('This server needs its access token: open the dashboard once as /?token=YOUR_TOKEN.');
  if (!response.ok) throw new ApiError(body?.error ?? `${response.status} ${response.statusText}`);
  return body;
}

function errorBox(error) {
  return el('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error));
}

// ---- article body: allow-listed rendering ------------------------------------------------------

const ALLOWED_TAGS = new Set(['P', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'STRONG', 'EM', 'B', 'I', 'U', 'S', 'SUB', 'SUP', 'BR', 'A', 'FIGURE', 'FIGCAPTION', 'IMG', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'PRE', 'CODE', 'SPAN']);
const DROPPED_WITH_CONTENT = new Set(['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT', 'EMBED', 'TEMPLATE', 'NOSCRIPT', 'SVG', 'MATH', 'FORM']);

/**
 * The extractor already sanitizes bodyHtml; this is the second wall. The HTML is parsed into an
 * inert document (nothing in it runs or loads), then copied tag by tag: only allowed tags survive,
 * only href/src/alt attributes, and only http(s) URLs.
 */
function renderBodyHtml(html) {
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const copy = (source) => {
    const out = document.createDocumentFragment();
    for (const node of source.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) out.append(node.textContent);
      if (node.nodeType !== Node.ELEMENT_NODE || DROPPED_WITH_CONTENT.has(node.tagName)) continue;
      if (!ALLOWED_TAGS.has(node.tagName)) {
        out.append(copy(node)); // unknown wrapper: keep its text, drop the tag
        continue;
      }
      const clean = document.createElement(node.tagName.toLowerCase());
      if (node.tagName === 'A' && /^https?:\/\//i.test(node.getAttribute('href') ?? '')) {
        clean.setAttribute('href', node.getAttribute('href'));
        clean.setAttribute('target', '_blank');
        clean.setAttribute('rel', 'noopener noreferrer nofollow');
      }
      if (node.tagName === 'IMG') {
        const src = node.getAttribute('src') ?? '';
        if (!/^https?:\/\//i.test(src)) continue;
        clean.setAttribute('src', src);
        clean.setAttribute('alt', node.getAttribute('alt') ?? '');
        clean.setAttribute('loading', 'lazy');
        clean.setAttribute('referrerpolicy', 'no-referrer');
      }
      clean.append(copy(node));
      out.append(clean);
    }
    return out;
  };
  return copy(parsed.body);
}

function renderBodyText(text) {
  return (text ?? '').split(/\n{2,}/).filter((paragraph) => paragraph.trim()).map((paragraph) => el('p', {}, paragraph));
}

// ---- views -------------------------------------------------------------------------------------

function articleMeta(article) {
  return el('div', { class: 'meta' },
    el('span', {}, formatDate(article.publishedAt)),
    el('span', {}, article.source ?? ''),
    article.language ? el('span', {}, article.language) : null,
    article.authors?.length ? el('span', {}, article.authors.join(', ')) : null,
    article.wordCount ? el('span', {}, `${article.wordCount} words`) : null,
  );
}

async function articlesView(params) {
  const form = document.getElementById('filters-template').content.firstElementChild.cloneNode(true);
  for (const name of FILTERS) if (params.has(name)) form.elements[name].value = params.get(name);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value && !(name === 'sort' && value === '-published')) next.set(name, value);
    }
    location.hash = `#/articles?${next}`;
  });
  const results = el('div', { id: 'results' }, el('p', { class: 'summary' }, 'Loading…'));
  show(form, results);

  const skip = Math.max(0, Number(params.get('skip')) || 0);
  const query = new URLSearchParams();
  for (const name of FILTERS) if (params.get(name)) query.set(name, params.get(name));
  query.set('limit', String(PAGE_SIZE));
  query.set('skip', String(skip));
  try {
    const page = await api(`api/articles?${query}`);
    const pageLink = (newSkip, label) => {
      const target = new URLSearchParams(params);
      target.set('skip', String(newSkip));
      return el('a', { href: `#/articles?${target}` }, label);
    };
    results.replaceChildren(
      el('p', { class: 'summary', 'data-testid': 'result-count' }, page.total === 0 ? 'No articles match.' : `${page.total} article(s), showing ${skip + 1}–${skip + page.items.length}`),
      el('ul', { class: 'results' }, page.items.map((article) => el('li', { 'data-testid': 'result' },
        el('h3', {}, el('a', { href: `#/article/${encodeURIComponent(article.id)}` }, article.title ?? '(no title)')),
        articleMeta(article),
        article.lead ? el('p', { class: 'lead' }, article.lead) : null,
      ))),
      el('div', { class: 'pager' },
        skip > 0 ? pageLink(Math.max(0, skip - PAGE_SIZE), '← newer') : null,
        skip + page.items.length < page.total ? pageLink(skip + PAGE_SIZE, 'older →') : null,
      ),
    );
  } catch (error) {
    results.replaceChildren(errorBox(error));
  }
}

function linkList(items, render, empty) {
  return items.length > 0 ? el('ul', {}, items.map((item) => el('li', {}, render(item)))) : el('p', { class: 'meta' }, empty);
}

async function articleView(id) {
  show(el('p', { class: 'summary' }, 'Loading…'));
  try {
    const article = await api(`api/articles/${encodeURIComponent(id)}`);
    const body = el('div', { class: 'body', 'data-testid': 'article-body' });
    body.append(...(article.bodyHtml ? [renderBodyHtml(article.bodyHtml)] : renderBodyText(article.bodyText)));
    const credits = [...(article.provenance ?? []), ...(article.credits ?? []).filter((credit) => !(article.provenance ?? []).some((ref) => ref.url === credit.url && ref.role === credit.role))];
    show(el('article', { class: 'full' },
      el('p', {}, el('a', { href: '#/articles' }, '← all articles')),
      el('h1', { 'data-testid': 'article-title' }, article.title ?? '(no title)'),
      articleMeta(article),
      el('p', { class: 'meta' }, 'Original: ', externalLink(article.url)),
      article.lead ? el('p', { class: 'lead' }, el('strong', {}, article.lead)) : null,
      body,
      el('section', { class: 'panel', 'data-testid': 'related-links' }, el('h2', {}, 'Related links'),
        linkList(article.relatedLinks ?? [], (link) => externalLink(link.url, link.title || link.url), 'None found on the page.')),
      el('section', { class: 'panel', 'data-testid': 'copies' }, el('h2', {}, 'Copies elsewhere'),
        linkList([
          ...(article.clusterMembers ?? []).map((member) => ({ kind: 'cluster', ...member })),
          ...(article.aliases ?? []).map((alias) => ({ kind: alias.reason, url: alias.url })),
        ], (copy) => copy.kind === 'cluster'
          ? [el('a', { href: `#/article/${encodeURIComponent(copy.id)}` }, copy.title ?? copy.url), ` — ${copy.source}, ${formatDate(copy.publishedAt, false)}`]
          : [externalLink(copy.url), ` — ${copy.kind === 'same-page' ? 'same page, other URL' : 'exact copy'}`], 'No other copies known.'),
        el('p', { class: 'meta' }, 'Cluster ', el('a', { href: `#/articles?cluster=${encodeURIComponent(article.clusterId)}` }, article.clusterId))),
      el('section', { class: 'panel', 'data-testid': 'provenance' }, el('h2', {}, 'Provenance and credits'),
        linkList(credits, (credit) => [
          `${credit.role}: `,
          credit.url ? externalLink(credit.url, credit.name ?? credit.url) : credit.name ?? '',
          credit.sourceId ? ` (source ${credit.sourceId})` : '',
          credit.articleId && credit.articleId !== article.id ? [' — ', el('a', { href: `#/article/${encodeURIComponent(credit.articleId)}` }, 'stored here')] : '',
        ], 'No credits found.')),
      el('section', { class: 'panel' }, el('h2', {}, 'Record'),
        el('p', { class: 'meta' },
          `fetched ${formatDate(article.fetchedAt)} · first seen ${formatDate(article.firstSeenAt)} · last seen ${formatDate(article.lastSeenAt)} · `,
          `HTTP ${article.httpStatus} · id ${article.id}`),
        linkList(article.revisions ?? [], (revision) => `revision ${revision.n}: seen ${formatDate(revision.seenAt)}, fingerprint ${revision.fingerprint}`, 'No revision history.')),
    ));
    document.title = `${article.title ?? 'article'} — newsflow`;
  } catch (error) {
    show(el('p', {}, el('a', { href: '#/articles' }, '← all articles')), errorBox(error));
  }
}

async function sourcesView() {
  show(el('p', { class: 'summary' }, 'Loading…'));
  try {
    const { sources, otherSites } = await api('api/sources');
    show(
      el('section', { class: 'panel' }, el('h2', {}, 'Configured sources'),
        el('table', { 'data-testid': 'sources' },
          el('thead', {}, el('tr', {}, el('th', {}, 'source'), el('th', {}, 'name'), el('th', {}, 'languages'), el('th', { class: 'num' }, 'articles'), el('th', {}, 'last crawl'))),
          el('tbody', {}, sources.map((source) => el('tr', {},
            el('td', {}, el('a', { href: `#/articles?${new URLSearchParams({ source: source.allowedHosts?.[0] ?? '' })}` }, source.id)),
            el('td', {}, source.name), el('td', {}, (source.languages ?? []).join(', ')),
            el('td', { class: 'num' }, source.articles), el('td', {}, formatDate(source.lastFetchedAt))))))),
      el('section', { class: 'panel' }, el('h2', {}, 'Other sites (no profile)'),
        otherSites.length === 0 ? el('p', { class: 'meta' }, 'None.') : el('table', {},
          el('thead', {}, el('tr', {}, el('th', {}, 'site'), el('th', { class: 'num' }, 'articles'), el('th', {}, 'last crawl'))),
          el('tbody', {}, otherSites.map((site) => el('tr', {},
            el('td', {}, el('a', { href: `#/articles?${new URLSearchParams({ source: site.source })}` }, site.source)),
            el('td', { class: 'num' }, site.articles), el('td', {}, formatDate(site.lastFetchedAt))))))),
    );
  } catch (error) {
    show(errorBox(error));
  }
}

/** Failure outcomes get warm colours, each its own. */
const FAILURE_COLOURS = ['#c62828', '#ef6c00', '#ad1457', '#f9a825', '#6a1b9a', '#8d6e63', '#d84315', '#5d4037'];
const OUTCOME_COLOURS = { stored: '#2e7d32', revised: '#66bb6a', unchanged: '#a5d6a7', duplicate: '#90a4ae', 'not-modified': '#cfd8dc', 'not-article': '#b0bec5' };

/** A colour square; set through CSSOM, which the page's CSP allows (a style attribute it would not). */
function swatch(colour) {
  const square = el('i');
  square.style.background = colour;
  return square;
}

/** Stacked bars of outcomes per 5-minute bucket, as inline SVG (no chart library). */
function outcomeChart(timeline) {
  const NS = 'http://www.w3.org/2000/svg';
  const svgEl = (tag, attributes, text) => {
    const node = document.createElementNS(NS, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const width = 720, height = 200, left = 36, bottom = 22, top = 8;
  const totals = timeline.map((bucket) => Object.values(bucket.counts).reduce((sum, count) => sum + count, 0));
  const max = Math.max(1, ...totals);
  const barWidth = (width - left) / timeline.length;
  const scale = (height - bottom - top) / max;
  const outcomes = [...new Set(timeline.flatMap((bucket) => Object.keys(bucket.counts)))].sort();
  const failures = outcomes.filter((outcome) => !(outcome in OUTCOME_COLOURS));
  const colour = (outcome) => OUTCOME_COLOURS[outcome] ?? FAILURE_COLOURS[failures.indexOf(outcome) % FAILURE_COLOURS.length];
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'outcomes per 5 minutes over the last hour' });
  svg.append(svgEl('line', { x1: left, x2: width, y1: height - bottom, y2: height - bottom, stroke: '#999' }));
  svg.append(svgEl('text', { x: left - 4, y: top + 10, 'text-anchor': 'end', 'font-size': 11, fill: '#666' }, String(max)));
  svg.append(svgEl('text', { x: left - 4, y: height - bottom, 'text-anchor': 'end', 'font-size': 11, fill: '#666' }, '0'));
  timeline.forEach((bucket, index) => {
    let y = height - bottom;
    const x = left + index * barWidth + 3;
    for (const outcome of outcomes) {
      const count = bucket.counts[outcome] ?? 0;
      if (count === 0) continue;
      const barHeight = count * scale;
      y -= barHeight;
      const rect = svgEl('rect', { x, y, width: barWidth - 6, height: barHeight, fill: colour(outcome) });
      rect.append(svgEl('title', {}, `${formatDate(bucket.start)}: ${count} ${outcome}`));
      svg.append(rect);
    }
    if (index % 3 === 0 || index === timeline.length - 1) {
      svg.append(svgEl('text', { x: x + (barWidth - 6) / 2, y: height - 6, 'text-anchor': 'middle', 'font-size': 11, fill: '#666' }, new Date(bucket.start).toISOString().slice(11, 16)));
    }
  });
  const legend = el('div', { class: 'legend' }, outcomes.map((outcome) => el('span', {}, swatch(colour(outcome)), outcome)));
  return el('div', { class: 'chart', 'data-testid': 'outcome-chart' }, svg, outcomes.length === 0 ? el('p', { class: 'meta' }, 'Nothing finished in the last hour.') : legend);
}

async function retry(path, button) {
  button.disabled = true;
  try {
    const { retried } = await api(path, { method: 'POST', headers: { accept: 'application/json', 'x-newsflow-action': 'retry' } });
    button.replaceWith(el('span', { class: 'meta' }, `re-queued ${retried}`));
  } catch (error) {
    button.disabled = false;
    button.after(errorBox(error));
  }
}

async function healthView() {
  show(el('p', { class: 'summary' }, 'Loading…'));
  try {
    const [stats, failed] = await Promise.all([api('api/stats'), api('api/failed')]);
    const states = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'];
    show(
      el('section', { class: 'panel' }, el('h2', {}, 'Queues'),
        el('table', { 'data-testid': 'queues' },
          el('thead', {}, el('tr', {}, el('th', {}, 'queue'), states.map((state) => el('th', { class: 'num' }, state)))),
          el('tbody', {}, Object.entries(stats.queues).map(([name, counts]) => el('tr', {}, el('td', {}, name), states.map((state) => el('td', { class: 'num' }, counts[state] ?? 0)))))),
        el('p', { class: 'meta' }, `${stats.articles} article(s) stored · `, el('a', { href: 'queues', target: '_blank', rel: 'noopener' }, 'inspect jobs in Bull Board'))),
      el('section', { class: 'panel' }, el('h2', {}, 'Outcomes, last hour (5-minute buckets)'), outcomeChart(stats.timeline)),
      el('section', { class: 'panel' }, el('h2', {}, 'All outcomes'),
        el('p', { class: 'meta' }, Object.entries(stats.outcomes).sort((a, b) => b[1] - a[1]).map(([outcome, count]) => `${outcome} ${count}`).join(' · ') || 'none yet')),
      el('section', { class: 'panel' }, el('h2', {}, `Failed jobs (${failed.total})`),
        failed.items.length === 0 ? el('p', { class: 'meta' }, 'No failed jobs.') : [
          el('p', {}, el('button', { type: 'button', 'data-testid': 'retry-all', onclick: (event) => retry('api/failed/retry', event.currentTarget) }, 'Retry all failed jobs')),
          el('table', { 'data-testid': 'failed-jobs' },
            el('thead', {}, el('tr', {}, el('th', {}, 'stage'), el('th', {}, 'url'), el('th', {}, 'reason'), el('th', { class: 'num' }, 'attempts'), el('th', {}, ''))),
            el('tbody', {}, failed.items.map((job) => el('tr', {},
              el('td', {}, job.stage), el('td', {}, externalLink(job.url)), el('td', { class: 'reason' }, job.reason ?? ''), el('td', { class: 'num' }, job.attempts),
              el('td', {}, el('button', { type: 'button', class: 'secondary', onclick: (event) => retry(`api/failed/${encodeURIComponent(job.stage)}/${encodeURIComponent(job.jobId)}/retry`, event.currentTarget) }, 'Retry')))))),
        ]),
      el('section', { class: 'panel' }, el('h2', {}, 'Latest failures'),
        stats.failures.length === 0 ? el('p', { class: 'meta' }, 'None recorded.') : el('table', { 'data-testid': 'failures' },
          el('thead', {}, el('tr', {}, el('th', {}, 'when'), el('th', {}, 'outcome'), el('th', {}, 'url'), el('th', {}, 'reason'))),
          el('tbody', {}, stats.failures.map((failure) => el('tr', {},
            el('td', {}, formatDate(failure.finishedAt)), el('td', {}, failure.outcome), el('td', {}, externalLink(failure.url)), el('td', { class: 'reason' }, failure.error ?? '')))))),
    );
  } catch (error) {
    show(errorBox(error));
  }
}

// ---- routing -----------------------------------------------------------------------------------

function route() {
  const hash = location.hash.replace(/^#/, '') || '/articles';
  const [path, queryString = ''] = hash.split('?');
  const section = path.split('/')[1];
  for (const link of document.querySelectorAll('[data-nav]')) link.classList.toggle('active', link.dataset.nav === (section === 'article' ? 'articles' : section));
  document.title = 'newsflow';
  if (section === 'article') return articleView(decodeURIComponent(path.slice('/article/'.length)));
  if (section === 'sources') return sourcesView();
  if (section === 'health') return healthView();
  return articlesView(new URLSearchParams(queryString));
}

window.addEventListener('hashchange', route);
route();
