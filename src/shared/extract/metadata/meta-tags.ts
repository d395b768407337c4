/** Collects <meta> tags by their name/property/itemprop/http-equiv key (lower-cased). */
import type { CheerioAPI } from 'cheerio';
import { cleanText, decodeLeftoverEntities } from './text.js';
import { queryAll } from '../element-index.js';

export type MetaTags = Map<string, string[]>;

export function readMetaTags($: CheerioAPI): MetaTags {
  const tags: MetaTags = new Map();
  queryAll($, 'meta').each((_, el) => {
    const attrs = (el as { attribs?: Record<string, string> }).attribs ?? {};
    const content = cleanText(decodeLeftoverEntities(attrs['content'] ?? attrs['value'] ?? ''));
    if (!content) return;
    for (const keyAttr of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = attrs[keyAttr];
      if (!key) continue;
      // A few sites put several keys in one attribute ("og:title twitter:title").
      for (const part of key.toLowerCase().split(/\s+/)) {
        if (!part) continue;
        const list = tags.get(part) ?? [];
        list.push(content);
        tags.set(part, list);
      }
    }
  });
  return tags;
}

/** The first value of the first key that has one. */
export function firstMeta(tags: MetaTags, keys: string[]): string | null {
  for (const key of keys) {
    const value = tags.get(key)?.[0];
    if (value) return value;
  }
  return null;
}

export function allMeta(tags: MetaTags, keys: string[]): string[] {
  return keys.flatMap((key) => tags.get(key) ?? []);
}
