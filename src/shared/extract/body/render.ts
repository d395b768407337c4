import type { Block } from './blocks.js';

/** Plain text: blocks separated by blank lines; items of one list on consecutive lines. */
export function renderText(blocks: Block[]): string {
  let out = '';
  let prev: Block | undefined;
  for (const block of blocks) {
    if (block.kind === 'figure') continue;
    const line = block.kind === 'li' ? `- ${block.text}` : block.text;
    if (out === '') out = line;
    else if (block.kind === 'li' && prev?.kind === 'li' && prev.listId === block.listId) out += `\n${line}`;
    else out += `\n\n${line}`;
    prev = block;
  }
  return out;
}

/** Minimal HTML: p, h2-h4, ul/ol/li, blockquote, a, figure/img/figcaption. */
export function renderHtml(blocks: Block[]): string {
  const parts: string[] = [];
  let openList: { id: number; tag: string } | null = null;
  let openQuote: number | null = null;
  const closeList = (): void => {
    if (openList) parts.push(`</${openList.tag}>`);
    openList = null;
  };
  for (const block of blocks) {
    const quote = block.quoteId ?? null;
    if (quote !== openQuote) {
      closeList();
      if (openQuote !== null) parts.push('</blockquote>');
      if (quote !== null) parts.push('<blockquote>');
      openQuote = quote;
    }
    if (block.kind === 'li') {
      const id = block.listId ?? 0;
      if (!openList || openList.id !== id) {
        closeList();
        openList = { id, tag: block.ordered ? 'ol' : 'ul' };
        parts.push(`<${openList.tag}>`);
      }
      parts.push(`<li>${block.html}</li>`);
      continue;
    }
    closeList();
    if (block.kind === 'figure') parts.push(block.html);
    else parts.push(`<${block.kind}>${block.html}</${block.kind}>`);
  }
  closeList();
  if (openQuote !== null) parts.push('</blockquote>');
  return parts.join('\n');
}
