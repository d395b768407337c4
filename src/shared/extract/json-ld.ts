/**
 * The page's JSON-LD blocks, parsed once per document: the body extractor (item types, an
 * articleBody fallback), the page-type guess (is the page dated?) and the metadata extractor
 * (headline, authors, dates, section) all read them, and each used to find and parse the scripts
 * itself. The extractor never changes the tree it reads, so the parse stays valid for the
 * document's lifetime.
 */
import type { CheerioAPI } from 'cheerio';
import type { Document } from 'domhandler';
import { queryAll } from './element-index.js';

/** Larger blocks are skipped: no real page needs one, and a hostile one would cost a parse of its size. */
const MAX_BLOCK_CHARS = 2_000_000;

const parsedByDocument = new WeakMap<Document, unknown[]>();

/** The value of every JSON-LD script that parses, in document order. */
export function jsonLdValues($: CheerioAPI): unknown[] {
  const document = $.root()[0]! as Document;
  let values = parsedByDocument.get(document);
  if (values === undefined) {
    values = [];
    for (const script of queryAll($, 'script[type="application/ld+json" i], script[type="application/json+ld" i]').toArray()) {
      const raw = $(script).text();
      if (raw.length > MAX_BLOCK_CHARS) continue;
      const value = parseLenient(raw);
      if (value !== null) values.push(value);
    }
    parsedByDocument.set(document, values);
  }
  return values;
}

/** Parses a script body leniently: sites leave comments, CDATA, trailing commas and raw newlines in strings. */
function parseLenient(raw: string): unknown {
  const stripped = raw
    .replace(/^\s*<!--/, '')
    .replace(/-->\s*$/, '')
    .replace(/^\s*\/\/\s*<!\[CDATA\[/, '')
    .replace(/\/\/\s*\]\]>\s*$/, '')
    .trim();
  if (!stripped) return null;
  try {
    return JSON.parse(stripped);
  } catch {
    try {
      // Raw control characters inside strings and trailing commas are the common breakages.
      return JSON.parse(stripped.replace(/[\u0000-\u001F]+/g, ' ').replace(/,\s*([}\]])/g, '$1'));
    } catch {
      // Malformed beyond those repairs: the block contributes nothing, as in a browser.
      return null;
    }
  }
}
