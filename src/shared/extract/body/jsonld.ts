import type { CheerioAPI } from 'cheerio';
import { jsonLdValues } from '../json-ld.js';

/** The parts of JSON-LD the body extractor uses: item types and an articleBody fallback. */
export interface JsonLdFacts {
  types: string[];
  articleBody: string | null;
}

export function readJsonLdFacts($: CheerioAPI): JsonLdFacts {
  const facts: JsonLdFacts = { types: [], articleBody: null };
  walkJsonLd($, (obj) => {
    const type = obj['@type'];
    if (typeof type === 'string') facts.types.push(type);
    else if (Array.isArray(type)) for (const t of type) if (typeof t === 'string') facts.types.push(t);
    const body = obj['articleBody'];
    if (typeof body === 'string' && body.length > (facts.articleBody?.length ?? 0)) facts.articleBody = body;
  });
  return facts;
}

/** Whether any object anywhere in the page's JSON-LD states a `datePublished`. */
export function jsonLdHasDatePublished($: CheerioAPI): boolean {
  const stack: unknown[] = [...jsonLdValues($)];
  let visited = 0;
  while (stack.length > 0 && visited++ < 5000) {
    const item = stack.pop();
    if (!item || typeof item !== 'object') continue;
    if (!Array.isArray(item) && (item as Record<string, unknown>)['datePublished'] !== undefined) return true;
    for (const child of Object.values(item)) if (child && typeof child === 'object') stack.push(child);
  }
  return false;
}

/** Visits the items of every block: arrays, `@graph` and the nested entities an article hides in. */
function walkJsonLd($: CheerioAPI, visit: (item: Record<string, unknown>) => void): void {
  for (const value of jsonLdValues($)) {
    // Iterative and bounded: a hostile block may nest deeply or hold thousands of items.
    const stack: unknown[] = [value];
    let visited = 0;
    while (stack.length > 0 && visited++ < 5000) {
      const item = stack.pop();
      if (Array.isArray(item)) {
        for (const entry of item) stack.push(entry);
        continue;
      }
      if (!item || typeof item !== 'object') continue;
      const obj = item as Record<string, unknown>;
      visit(obj);
      for (const key of ['@graph', 'mainEntity', 'mainEntityOfPage', 'itemListElement']) {
        if (obj[key] && typeof obj[key] === 'object') stack.push(obj[key]);
      }
    }
  }
}
