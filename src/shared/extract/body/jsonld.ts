import type { CheerioAPI } from 'cheerio';
import { queryAll } from '../element-index.js';

/** The parts of JSON-LD the body extractor uses: item types and an articleBody fallback. */
export interface JsonLdFacts {
  types: string[];
  articleBody: string | null;
}

export function readJsonLd($: CheerioAPI): JsonLdFacts {
  const facts: JsonLdFacts = { types: [], articleBody: null };
  queryAll($, 'script[type="application/ld+json"]').each((_, el) => {
    const raw = $(el).text();
    if (raw.length > 2_000_000) return;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      return; // malformed JSON-LD is common; it simply contributes nothing
    }
    // Iterative walk over objects/arrays (@graph, nested mainEntity...).
    const stack: unknown[] = [data];
    let visited = 0;
    while (stack.length > 0 && visited++ < 5000) {
      const item = stack.pop();
      if (Array.isArray(item)) {
        for (const entry of item) stack.push(entry);
        continue;
      }
      if (!item || typeof item !== 'object') continue;
      const obj = item as Record<string, unknown>;
      const type = obj['@type'];
      if (typeof type === 'string') facts.types.push(type);
      else if (Array.isArray(type)) for (const t of type) if (typeof t === 'string') facts.types.push(t);
      const body = obj['articleBody'];
      if (typeof body === 'string' && body.length > (facts.articleBody?.length ?? 0)) facts.articleBody = body;
      for (const key of ['@graph', 'mainEntity', 'mainEntityOfPage', 'itemListElement']) {
        if (obj[key] && typeof obj[key] === 'object') stack.push(obj[key]);
      }
    }
  });
  return facts;
}
