import { dropAuthorBio } from './body/author-bio.js';
import { extractBody } from './body/index.js';
import { renderHtml, renderText } from './body/render.js';
import { assertUsableHints } from './hints.js';
import { loadHtml } from './html.js';
import { extractMetadata, parseCreditLine } from './metadata/index.js';
import type { Credit, ExtractedArticle, ExtractionHints } from './types.js';

export { InvalidHintError } from './hints.js';
export type { Credit, ExtractedArticle, ExtractionHints, ImageRef, LinkRef, PageType } from './types.js';

/**
 * newsflow's article extractor: a pure function of the page HTML and its URL.
 * Body, links, images and page type come from ./body; title, dates, authors, language from ./metadata.
 */
export function extractArticle(html: string, url: string, hints?: ExtractionHints): ExtractedArticle {
  assertUsableHints(hints);
  const $ = loadHtml(html);
  const body = extractBody($, url, hints, parseCreditLine);
  const meta = extractMetadata({ $, url, bodyText: body.metadataText, ...(hints ? { hints } : {}) });
  const authors = mergeNames(meta.authors, body.authors);
  // The author's bio at the end is found by the author's name, which only the metadata knows.
  const blocks = dropAuthorBio(body.blocks, authors);
  const bodyText = blocks === body.blocks ? body.bodyText : renderText(blocks);
  const bodyHtml = blocks === body.blocks ? body.bodyHtml : renderHtml(blocks);
  return {
    title: meta.title,
    lead: meta.lead,
    siteName: meta.siteName,
    section: meta.section,
    tags: meta.tags,
    authors,
    credits: mergeCredits(meta.credits, body.credits),
    publishedAt: meta.publishedAt,
    modifiedAt: meta.modifiedAt,
    language: meta.language,
    bodyText,
    bodyHtml,
    canonicalUrl: meta.canonicalUrl,
    ampUrl: meta.ampUrl,
    images: body.images,
    relatedLinks: body.relatedLinks,
    outlinks: body.outlinks,
    pageType: body.pageType,
    pageTypeConfidence: body.pageTypeConfidence,
  };
}

function mergeNames(a: string[], b: string[]): string[] {
  const out = [...a];
  for (const name of b) if (!out.includes(name)) out.push(name);
  return out;
}

function mergeCredits(a: Credit[], b: Credit[]): Credit[] {
  const out = [...a];
  for (const c of b) if (!out.some((o) => o.role === c.role && o.name === c.name && o.url === c.url)) out.push(c);
  return out;
}
