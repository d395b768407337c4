import { tokenize } from './dedup/tokenize.js';

/** Bound on stored terms per article, so a huge page cannot make a huge index entry. */
const MAX_TERMS = 4_000;

/**
 * Pure: the distinct normalized words of a text, for the portable "text contains" search (an
 * indexed array; FerretDB has no text index). Queries tokenize their words the same way.
 */
export function searchTerms(...texts: (string | null | undefined)[]): string[] {
  return searchTermsOfWords(texts.map((text) => (text ? tokenize(text) : [])));
}

/** `searchTerms` of texts already split by `tokenize` (the store stage has the body's words from fingerprinting). */
export function searchTermsOfWords(wordLists: readonly (readonly string[])[]): string[] {
  const terms = new Set<string>();
  for (const words of wordLists) {
    for (const word of words) {
      if (word.length < 2 || word.length > 40) continue;
      terms.add(word);
      if (terms.size >= MAX_TERMS) return [...terms];
    }
  }
  return [...terms];
}
