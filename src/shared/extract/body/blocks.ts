/** The intermediate representation between the DOM and the two outputs (text and HTML). */
export type BlockKind = 'p' | 'h2' | 'h3' | 'h4' | 'li' | 'figure';

export interface Block {
  kind: BlockKind;
  /** Normalised plain text ('' for figures: captions are not body text). */
  text: string;
  /** Sanitised inline HTML (for figures, the whole `<figure>` element). */
  html: string;
  /** Identity of the enclosing list, for grouping items. */
  listId?: number;
  ordered?: boolean;
  /** Identity of the enclosing blockquote. */
  quoteId?: number;
}

/** Characters of text in the blocks (figures count none). */
export function textLength(blocks: readonly Block[]): number {
  let n = 0;
  for (const b of blocks) n += b.text.length;
  return n;
}
