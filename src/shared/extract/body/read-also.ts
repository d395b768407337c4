import type { Block } from './blocks.js';
import { RELATED_HEADINGS } from './patterns.js';
import { lowerForMatching } from './text.js';

/** A headline after the label; a label alone is left to the heading-based related rule. */
const SEPARATOR = /^\s*[:\-–—|»>]\s*\S.{8,}/su;
/** A linked headline with its label; a longer block is a sentence that names another article. */
const READ_ALSO_MAX = 200;

/**
 * "Read also: <linked headline>", "Читайте также: …", "İlgili haber: …", "Related: …" between
 * paragraphs: links to other articles set inside the text, not part of it. Recognised by the same
 * multilingual phrases as related blocks, a separator, and a link in the block.
 */
export function dropReadAlsoLinks(blocks: Block[]): Block[] {
  const kept = blocks.filter((b, i) => i === 0 || !isReadAlso(b));
  return kept.length === blocks.length ? blocks : kept;
}

function isReadAlso(block: Block): boolean {
  if (block.kind === 'figure' || block.text.length > READ_ALSO_MAX || !block.html.includes('<a ')) return false;
  const text = lowerForMatching(block.text);
  const label = RELATED_HEADINGS.exec(text);
  return label !== null && SEPARATOR.test(text.slice(label[0].length));
}
