import type { Block } from './blocks.js';
import { lowerForMatching } from './text.js';

/**
 * Headings of a source list, in en/tr/ru/kk and common European languages (lower-cased, no
 * colon). Not "Notes": articles use it for sections of their own.
 */
const REFERENCES_HEADING =
  /^(?:references?|(?:article )?sources?|citations?|works cited|bibliography|footnotes|kaynaklar|kaynakça|источники|литература|список литературы|пайдаланылған әдебиеттер|дереккөздер|literatur|quellen|einzelnachweise|références|sources et références|referencias|fuentes|bibliografia|bibliografía|fonti|referências|fontes|przypisy|bronnen)$/u;
/** Citations are short lines; a long paragraph after the heading means the article goes on. */
const CITATION_MAX = 400;
/** A source list ends the text; a "Sources" heading further up is a section of the article. */
const MAX_CITATIONS = 12;

/**
 * The list of sources after the article ("References", "Kaynaklar", "Источники" and the citations
 * under it) is apparatus, not article text: dropped when the heading and its citations end the text.
 */
export function dropTrailingReferences(blocks: Block[]): Block[] {
  for (let i = blocks.length - 1; i >= Math.max(0, blocks.length - 1 - MAX_CITATIONS); i--) {
    const block = blocks[i]!;
    // Citations one per line in a single block (<br>-separated) are still citations.
    if (block.kind !== 'figure' && longestLine(block.text) > CITATION_MAX) return blocks;
    if (block.text.length <= 40 && REFERENCES_HEADING.test(lowerForMatching(block.text).replace(/[:.]$/, '').trim())) {
      // A heading that is the first block heads the whole page, not a source list.
      return i > 0 ? blocks.slice(0, i) : blocks;
    }
  }
  return blocks;
}

function longestLine(text: string): number {
  let longest = 0;
  for (const line of text.split('\n')) longest = Math.max(longest, line.length);
  return longest;
}
