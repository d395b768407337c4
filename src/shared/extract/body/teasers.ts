import { textLength, type Block } from './blocks.js';

/** A teaser's summary is cut off mid-sentence: "…", "..." or "[…]", maybe before a "read more". */
const CUT_OFF = /(?:\.\.\.|…)\s*[\])]?\s*(?:\S{1,20}\s*){0,3}$/u;
/** Short lines around teasers: their headlines, dates, "read more" links, a list heading. */
const TEASER_LINE_MAX = 140;
/** A summary cut at a length limit; shorter "I'm waiting..." lines are how people write. */
const TEASER_MIN = 80;
const MIN_TEASERS = 2;
const ARTICLE_OVER_RUN = 1;

function isTeaser(block: Block): boolean {
  return (block.kind === 'p' || block.kind === 'li') && block.text.length >= TEASER_MIN && CUT_OFF.test(block.text);
}

function isShortLine(block: Block): boolean {
  return block.kind === 'figure' || block.text.length <= TEASER_LINE_MAX;
}

/**
 * Cards of other articles after the article's end ("more stories" under any heading or none):
 * several cut-off summaries with only short lines (their headlines, dates) between and after
 * them. Language-independent: the sign is the truncation, not a heading's words.
 */
export function dropTrailingTeasers(blocks: Block[]): Block[] {
  let first = blocks.length;
  let teasers = 0;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i]!;
    if (isTeaser(block)) {
      teasers++;
      first = i;
    } else if (!isShortLine(block)) break;
  }
  if (teasers < MIN_TEASERS) return blocks;
  let cut = first;
  // Headlines and labels just above the first teaser belong to the run too.
  while (cut > 0 && blocks[cut - 1]!.kind !== 'p' && isShortLine(blocks[cut - 1]!)) cut--;
  // On listing pages the teasers are the content: cut only a run that trails a longer article.
  const kept = blocks.slice(0, cut);
  return textLength(kept) > ARTICLE_OVER_RUN * textLength(blocks.slice(cut)) ? kept : blocks;
}
