import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { Credit, ExtractionHints, ImageRef, LinkRef, PageType } from '../types.js';
import { textLength, type Block } from './blocks.js';
import { isElement } from './dom.js';
import { readFigure } from './images.js';
import { readJsonLdFacts } from './jsonld.js';
import { contentMarks, guessPageType } from './page-type.js';
import { dropLeadingDatelines } from './dateline.js';
import { findRelatedBlocks, relatedLinksOf } from './related.js';
import { renderHtml, renderText } from './render.js';
import { extractContent, hintedElements } from './content.js';
import type { ScoredPage, TextStats } from './score.js';
import { tidyBlocks } from './tidy.js';
import { escapeHtml, normalizeBlock } from './text.js';
import { baseUrlOf, linkKey, toHttpUrl } from './urls.js';
import { descendantsMatching } from '../descendants.js';
import { queryAll } from '../element-index.js';

export type CreditLineParser = (line: string, baseUrl: string) => { authors: string[]; credits: Credit[] } | null;

export interface BodyResult {
  /** The blocks behind bodyText and bodyHtml, for trimming with what metadata knows. */
  blocks: Block[];
  bodyText: string;
  /**
   * The body text with the byline/date rows still at its top, for the metadata readers: the row is
   * where some pages print their only date.
   */
  metadataText: string;
  bodyHtml: string;
  images: ImageRef[];
  relatedLinks: LinkRef[];
  outlinks: LinkRef[];
  pageType: PageType;
  pageTypeConfidence: number;
  /** Authors and credits read from credit lines removed from the body. */
  authors: string[];
  credits: Credit[];
}

const CREDIT_LINE_MAX = 200;

export function extractBody($: CheerioAPI, url: string, hints?: ExtractionHints, parseCredit?: CreditLineParser): BodyResult {
  const baseUrl = baseUrlOf($, url);
  // Score from the document root: htmlparser2 does not move content after a stray </body> or
  // </html> back into <body> as browsers do, so such content would otherwise be missed.
  const root = $.root()[0]!;

  const related = findRelatedBlocks($);
  const excluded = new Set<Element>(related);
  for (const selector of hints?.remove ?? []) for (const el of hintedElements($, selector)) excluded.add(el);

  const content = extractContent(root, baseUrl, hints, $, excluded);
  const page = content.page;
  let blocks = tidyBlocks(content.body.blocks);

  const jsonLd = readJsonLdFacts($);
  if (jsonLd.articleBody) {
    const fallback = jsonLdBlocks(jsonLd.articleBody);
    const fallbackLength = textLength(fallback);
    if (fallbackLength > 200 && fallbackLength > 2 * textLength(blocks)) blocks = fallback;
  }

  const authors: string[] = [];
  const credits: Credit[] = [];
  if (parseCredit) blocks = removeCreditLines(blocks, baseUrl, parseCredit, authors, credits);
  const withDatelines = blocks;
  blocks = dropLeadingDatelines(blocks);

  const bodyText = renderText(blocks);
  const metadataText = blocks === withDatelines ? bodyText : renderText(withDatelines);
  const relatedLinks = relatedLinksOf(related, baseUrl, url);
  const relatedKeys = new Set(relatedLinks.map((l) => linkKey(l.url)));
  const outlinks = dedupeLinks(content.body.links, url, relatedKeys);
  const images = collectImages($, baseUrl, content.roots, content.body.images);

  const bodyStats = pageTotals(page);
  const guess = guessPageType({
    $,
    url,
    jsonLdTypes: jsonLd.types,
    bodyText,
    paragraphCount: blocks.filter((b) => b.kind === 'p' && b.text.length > 80).length,
    pageLinkDensity: bodyStats && bodyStats.text > 0 ? bodyStats.link / bodyStats.text : 0,
    content: contentMarks($, content.roots),
    layout: content.layout,
  });

  return {
    blocks,
    bodyText,
    metadataText,
    bodyHtml: renderHtml(blocks),
    images,
    relatedLinks,
    outlinks,
    pageType: guess.pageType,
    pageTypeConfidence: guess.confidence,
    authors,
    credits,
  };
}

function jsonLdBlocks(articleBody: string): Block[] {
  return articleBody
    .split(/\n\s*\n|\r?\n/)
    .map((line) => normalizeBlock(line))
    .filter((line) => line !== '')
    .map((line) => ({ kind: 'p' as const, text: line, html: escapeHtml(line) }));
}

/** Credit lines ("Haber: X – Fotoğraf: Y") sit among the first or last few paragraphs. */
function removeCreditLines(
  blocks: Block[],
  baseUrl: string,
  parse: CreditLineParser,
  authors: string[],
  credits: Credit[],
): Block[] {
  const textual = blocks.map((b, i) => ({ b, i })).filter(({ b }) => b.kind !== 'figure');
  const edge = new Set([...textual.slice(0, 2), ...textual.slice(-3)].map(({ i }) => i));
  const drop = new Set<number>();
  for (const i of edge) {
    const block = blocks[i]!;
    if (block.text.length > CREDIT_LINE_MAX) continue;
    const parsed = parse(block.text, baseUrl);
    if (!parsed) continue;
    drop.add(i);
    for (const a of parsed.authors) if (!authors.includes(a)) authors.push(a);
    credits.push(...parsed.credits);
  }
  return drop.size === 0 ? blocks : blocks.filter((_, i) => !drop.has(i));
}

function dedupeLinks(links: LinkRef[], pageUrl: string, exclude: Set<string>): LinkRef[] {
  const seen = new Set<string>([linkKey(pageUrl), ...exclude]);
  const out: LinkRef[] = [];
  for (const link of links) {
    const key = linkKey(link.url);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(link);
  }
  return out;
}

/**
 * Lead image first (og:image, else the first figure of the article), then the article's other
 * images. The lead figure often sits above the text container, so it is looked up page-wide.
 */
function collectImages($: CheerioAPI, baseUrl: string, roots: Element[], bodyImages: ImageRef[]): ImageRef[] {
  const out: ImageRef[] = [];
  const og = toHttpUrl(queryAll($, 'meta[property="og:image"]').attr('content') ?? queryAll($, 'meta[name="twitter:image"]').attr('content'), baseUrl);
  const articleFigures = leadFigures($, roots, baseUrl);
  if (og) {
    const same = [...bodyImages, ...articleFigures].find((img) => sameImage(img.src, og));
    out.push(same ? { ...same, src: og } : { src: og });
  } else if (articleFigures[0]) {
    out.push(articleFigures[0]);
  }
  // A set of paths, not a pairwise comparison: a gallery of thousands of pictures stays linear.
  const seen = new Set(out.map((image) => imagePath(image.src)));
  for (const img of bodyImages) {
    const path = imagePath(img.src);
    if (seen.has(path)) continue;
    seen.add(path);
    out.push(img);
  }
  return out;
}

/** Figures of the enclosing `<article>` (or the content's parent) that precede or hold the text. */
function leadFigures($: CheerioAPI, roots: Element[], baseUrl: string): ImageRef[] {
  const first = roots[0];
  if (!first) return [];
  const scope = $(first).closest('article')[0] ?? first.parent ?? first;
  const out: ImageRef[] = [];
  for (const fig of descendantsMatching([scope as Element], 'figure').slice(0, 5)) {
    const image = readFigure(fig, baseUrl);
    if (image) out.push(image);
  }
  return out;
}

/** The same picture in another size or from another host alias has the same file path. */
function imagePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url; // not a URL: compare as-is
  }
}

function sameImage(a: string, b: string): boolean {
  return imagePath(a) === imagePath(b);
}


/** Text and link totals of the whole page: the sum over top-level elements. */
function pageTotals(page: ScoredPage): TextStats {
  const total = { text: 0, link: 0, prose: 0 };
  for (const [el, s] of page.stats) {
    if (el.parent && isElement(el.parent)) continue;
    total.text += s.text;
    total.link += s.link;
  }
  return total;
}
