import type { Block } from './blocks.js';
import { dropTrailingCallsToAction } from './calls-to-action.js';
import { dropDisclosures } from './disclosures.js';
import { dropPaywalledRest } from './paywall.js';
import { dropReadAlsoLinks } from './read-also.js';
import { dropTrailingReferences } from './references.js';
import { dropTrailingTeasers } from './teasers.js';

/** Up to this many words without sentence punctuation makes a line a label, not a paragraph. */
const LABEL_MAX_WORDS = 4;
const SENTENCE_END = /[.!?…:;"»”)]$/;

/**
 * Whole-block rules, in order: affiliate disclosures, "read also: …" links inside the text, a
 * paywall notice and the offer after it, a trailing run of other articles' teasers, a trailing
 * source list, trailing requests to the reader. Each returns its input when it finds nothing.
 */
const BLOCK_RULES: ReadonlyArray<(blocks: Block[]) => Block[]> = [
  dropDisclosures,
  dropReadAlsoLinks,
  dropPaywalledRest,
  dropTrailingTeasers,
  dropTrailingReferences,
  dropTrailingCallsToAction,
];

/**
 * Last clean-up on the block list: drops exact repeats of a paragraph (teaser text printed twice),
 * then applies the rules below in order, then drops label-like scraps ("Author", "Share", "Table of
 * Contents") before the first and after the last real paragraph.
 */
export function tidyBlocks(blocks: Block[]): Block[] {
  const seen = new Set<string>();
  const unique = blocks.filter((b) => {
    if (b.kind !== 'p' || b.text.length < 40) return true;
    if (seen.has(b.text)) return false;
    seen.add(b.text);
    return true;
  });
  const trimmed = BLOCK_RULES.reduce((kept, rule) => rule(kept), unique);
  let start = 0;
  while (start < trimmed.length && isLabel(trimmed[start]!)) start++;
  let end = trimmed.length;
  while (end > start && isLabel(trimmed[end - 1]!)) end--;
  return trimmed.slice(start, end);
}

function isLabel(block: Block): boolean {
  if (block.kind !== 'p' || block.text.length > 60) return false;
  const words = block.text.split(/\s+/).length;
  return words <= LABEL_MAX_WORDS && !SENTENCE_END.test(block.text);
}
