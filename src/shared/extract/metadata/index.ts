/**
 * Article metadata extraction: title, lead, site name, section, tags, authors, credits, dates,
 * language and canonical/AMP links from a parsed page. Pure: no I/O, no clock.
 */
import type { CheerioAPI } from 'cheerio';
import type { ExtractedArticle, ExtractionHints } from '../types.js';
import { assertUsableHints } from '../hints.js';
import { readJsonLd } from './json-ld.js';
import { firstMeta, readMetaTags } from './meta-tags.js';
import { extractSiteName, extractTitle } from './title.js';
import { extractLead, extractSection, extractTags } from './taxonomy.js';
import { extractAuthors } from './authors.js';
import { extractDates } from './dates.js';
import { chooseLanguage } from './language.js';
import { extractLinks } from './links.js';
import { queryAll } from '../element-index.js';

export { parseCreditLine } from './credits.js';

/** The fields of an extraction that describe the page rather than its body. */
export type ExtractedMetadata = Pick<
  ExtractedArticle,
  'title' | 'lead' | 'siteName' | 'section' | 'tags' | 'authors' | 'credits' | 'publishedAt' | 'modifiedAt' | 'language' | 'canonicalUrl' | 'ampUrl'
>;

export function extractMetadata(input: { $: CheerioAPI; url: string; bodyText: string; hints?: ExtractionHints }): ExtractedMetadata {
  const { $, url, bodyText, hints } = input;
  assertUsableHints(hints);
  const meta = readMetaTags($);
  const jsonLd = readJsonLd($);
  const titleInput = { $, url, meta, jsonLd, hintSelector: hints?.title };
  const siteName = extractSiteName(titleInput);
  const title = extractTitle(titleInput, siteName);
  const lead = extractLead({ $, meta, jsonLd });
  const html = queryAll($, 'html');
  const language = chooseLanguage({
    bodyText,
    title,
    lead,
    htmlLang: html.attr('lang') ?? html.attr('xml:lang'),
    ogLocale: firstMeta(meta, ['og:locale']),
    contentLanguage: firstMeta(meta, ['content-language', 'language', 'dc.language']),
  });
  const { authors, credits } = extractAuthors({ $, url, bodyText, meta, jsonLd, siteName, hintSelector: hints?.author });
  const { publishedAt, modifiedAt } = extractDates({ $, url, bodyText, meta, jsonLd, hintSelector: hints?.date, language, timeZone: hints?.timeZone });
  return {
    title,
    lead,
    siteName,
    section: extractSection({ $, meta, jsonLd }, title),
    tags: extractTags({ $, meta, jsonLd }),
    authors,
    credits,
    publishedAt,
    modifiedAt,
    language,
    ...extractLinks($, url, meta),
  };
}
