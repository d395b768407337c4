import type { CheerioAPI } from 'cheerio';
import { jsonLdValues } from '../json-ld.js';

/** The parts of JSON-LD the body extractor uses: item types and an articleBody fallback. */
export interface JsonLdFacts {
  types: string[];
  articleBody: string | null;
}

export function readJsonLdFacts($: CheerioAPI): JsonLdFacts {
  const facts: JsonLdFacts = { types: [], articleBody: null };
  walkJsonLd($, 'entities', (obj) => {
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
  let dated = false;
  walkJsonLd($, 'every field', (obj) => {
    dated = obj['datePublished'] !== undefined;
    return dated;
  });
  return dated;
}

/** The fields an article's entity hides in, besides arrays. */
const ENTITY_FIELDS = ['@graph', 'mainEntity', 'mainEntityOfPage', 'itemListElement'];

/**
 * Visits the objects of every block, going into arrays and either the entity fields or every
 * field, until `visit` returns true.
 */
function walkJsonLd($: CheerioAPI, into: 'entities' | 'every field', visit: (item: Record<string, unknown>) => boolean | void): void {
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
      if (visit(obj) === true) return;
      const children = into === 'entities' ? ENTITY_FIELDS.map((key) => obj[key]) : Object.values(obj);
      for (const child of children) if (child && typeof child === 'object') stack.push(child);
    }
  }
}
