import type { Element } from 'domhandler';
import { isElement } from './dom.js';
import { linkDensity, type ScoredPage } from './score.js';

const MAX_ALTERNATIVES = 5;
const MIN_SHARED_ALTERNATIVES = 3;
const WIDEN_MIN_PROSE = 0.6;
const WIDEN_MAX_LINKS = 0.2;
const WIDEN_MIN_GAIN = 0.15;

/**
 * Picks the element holding the article and the sibling elements that continue it
 * (Readability's idea: best link-density-adjusted score, widened to a shared ancestor).
 */
export function selectContent(page: ScoredPage): { roots: Element[]; scattered: boolean } {
  const { scores, stats } = page;
  const ranked: Array<{ el: Element; score: number }> = [];
  for (const [el, raw] of scores) ranked.push({ el, score: raw * (1 - linkDensity(stats, el)) });
  if (ranked.length === 0) return { roots: [], scattered: false };
  ranked.sort((a, b) => b.score - a.score);
  const final = new Map<Element, number>(ranked.map((r) => [r.el, r.score]));

  let top = ranked[0]!.el;
  const topScore = ranked[0]!.score;

  // Several near-equal candidates under one ancestor: the ancestor is the article.
  const alternatives = ranked
    .slice(1, 1 + MAX_ALTERNATIVES)
    .filter((r) => r.score / topScore >= 0.75)
    .map((r) => r.el);
  if (alternatives.length >= MIN_SHARED_ALTERNATIVES) {
    let parent = top.parent;
    while (parent && isElement(parent) && parent.name !== 'body') {
      const p = parent;
      const contained = alternatives.filter((alt) => contains(p, alt)).length;
      if (contained >= MIN_SHARED_ALTERNATIVES) {
        top = p;
        break;
      }
      parent = parent.parent;
    }
  }

  top = widen(top, page);

  // An only child adds nothing; its parent may hold captions or continuation blocks.
  while (top.parent && isElement(top.parent) && top.parent.name !== 'body' && elementChildren(top.parent).length === 1) {
    top = top.parent;
  }

  const picked = withSiblings(top, final, page);
  return coversPage(picked, page) ? { roots: picked, scattered: false } : { roots: spreadOut(top, final, page), scattered: true };
}

/** Share of the page's prose an article container holds: article pages keep almost all of it. */
const ARTICLE_MIN_COVER = 0.6;
const SPREAD_COVER = 0.8;
const SPREAD_MIN_PROSE = 1000;

function pageProse(page: ScoredPage): number {
  let total = 0;
  for (const [el, s] of page.stats) if (!el.parent || !isElement(el.parent)) total += s.prose;
  return total;
}

function coversPage(picked: Element[], page: ScoredPage): boolean {
  // Little prose in all: the real content was probably skipped by its names, and a later pass
  // that trusts names less will find it; spreading would only collect the chrome.
  return pageProse(page) < SPREAD_MIN_PROSE || proseCoverage(picked, page) >= ARTICLE_MIN_COVER;
}

/** The part of the page's prose that the chosen elements hold (1 on pages without prose). */
function proseCoverage(picked: Element[], page: ScoredPage): number {
  const total = pageProse(page);
  if (total === 0) return 1;
  let prose = 0;
  for (const el of picked) prose += page.stats.get(el)?.prose ?? 0;
  return prose / total;
}

/**
 * Prose scattered over many sections (product, service and landing pages, forum threads) has no
 * single container: take the closest ancestor holding most of the page's prose, the whole body
 * when the sections are the body's own children.
 */
function spreadOut(top: Element, final: Map<Element, number>, page: ScoredPage): Element[] {
  const total = pageProse(page);
  let cur = top;
  while (cur.parent && isElement(cur.parent) && cur.parent.name !== 'html') {
    cur = cur.parent;
    if (cur.name === 'body') return [cur];
    if ((page.stats.get(cur)?.prose ?? 0) >= total * SPREAD_COVER) break;
  }
  return withSiblings(cur, final, page);
}

function withSiblings(top: Element, final: Map<Element, number>, page: ScoredPage): Element[] {
  const parent = top.parent;
  if (!parent || !isElement(parent) || parent.name === 'html') return [top];
  const topScore = final.get(top) ?? 0;
  const threshold = Math.max(10, topScore * 0.2);
  const topClass = top.attribs['class'] ?? '';
  const out: Element[] = [];
  for (const sibling of elementChildren(parent)) {
    // The page title is never continuation text.
    if (sibling.name === 'h1') continue;
    if (sibling === top) {
      out.push(sibling);
      continue;
    }
    let score = final.get(sibling) ?? 0;
    if (topClass !== '' && sibling.attribs['class'] === topClass) score += topScore * 0.2;
    if (score >= threshold) {
      out.push(sibling);
      continue;
    }
    if (sibling.name === 'p') {
      const s = page.stats.get(sibling);
      if (!s) continue;
      const density = s.text > 0 ? s.link / s.text : 0;
      if (s.text > 80 && density < 0.25) {
        out.push(sibling);
      }
    }
  }
  return out;
}

/**
 * Climbs from the best-scoring block to the ancestor holding the whole article: a parent is taken
 * when what it adds is nothing, or is itself prose (long runs of text, few links). Articles split
 * into many sections score each section separately; this rejoins them and stops at chrome.
 */
function widen(top: Element, page: ScoredPage): Element {
  const { stats } = page;
  const start = stats.get(top);
  if (!start) return top;
  let best = top;
  // Judge every ancestor by everything it adds to the starting block, not level by level:
  // page builders wrap each section in several layers, and one layer adding a button must not
  // stop the climb when the level above adds the rest of the article.
  for (let cur = top.parent; cur && isElement(cur); cur = cur.parent) {
    if (cur.name === 'body' || cur.name === 'html') break;
    const a = stats.get(cur);
    if (!a) break;
    const addedText = a.text - start.text;
    const addedLink = a.link - start.link;
    const addedProse = a.prose - start.prose;
    // Small additions (a date line, a wrapper's stray label) are tolerated.
    const trivial = addedText <= Math.max(20, start.text * 0.03);
    const prose =
      addedProse >= addedText * WIDEN_MIN_PROSE &&
      addedLink <= addedText * WIDEN_MAX_LINKS &&
      // A standfirst or a caption next to the article is not a missing part of it.
      addedProse >= start.prose * WIDEN_MIN_GAIN;
    if (trivial || prose) best = cur;
  }
  return best;
}

export function elementChildren(el: Element): Element[] {
  return el.children.filter(isElement);
}

function contains(ancestor: Element, node: Element): boolean {
  let cur = node.parent;
  while (cur) {
    if (cur === ancestor) return true;
    cur = cur.parent;
  }
  return false;
}
