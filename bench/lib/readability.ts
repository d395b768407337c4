import { Readability } from '@mozilla/readability';
import { DOMParser } from 'linkedom';

export interface ReadabilityResult {
  bodyText: string;
  title: string | null;
  byline: string | null;
  publishedTime: string | null;
}

const BLOCK = /^(?:address|article|aside|blockquote|dd|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tbody|thead|tfoot|tr|td|th|ul|br)$/i;

/** Readability on linkedom; its `content` HTML serialised with newlines at block boundaries (fair to it). */
export function runReadability(html: string, url: string): ReadabilityResult {
  const document = new DOMParser().parseFromString(html, 'text/html') as unknown as Document;
  // Readability resolves relative URLs against documentURI/baseURI; linkedom leaves them unset.
  const reader = new Readability(document);
  const article = reader.parse();
  void url;
  if (!article) return { bodyText: '', title: null, byline: null, publishedTime: null };
  const contentDoc = new DOMParser().parseFromString(`<html><body>${article.content ?? ''}</body></html>`, 'text/html');
  return {
    bodyText: blockText(contentDoc.body as unknown as Node),
    title: article.title ?? null,
    byline: article.byline ?? null,
    publishedTime: article.publishedTime ?? null,
  };
}

function blockText(root: Node): string {
  let out = '';
  const stack: Array<{ node: Node; leaving: boolean }> = [{ node: root, leaving: false }];
  while (stack.length > 0) {
    const { node, leaving } = stack.pop()!;
    if (node.nodeType === 3) {
      out += node.textContent ?? '';
      continue;
    }
    if (node.nodeType !== 1) continue;
    const name = (node as Element).tagName;
    const isBlock = BLOCK.test(name);
    if (leaving) {
      if (isBlock) out += '\n';
      continue;
    }
    if (isBlock) out += '\n';
    stack.push({ node, leaving: true });
    const children = Array.from(node.childNodes);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, leaving: false });
  }
  return out.replace(/[ \t\u00a0]+/g, ' ').replace(/ *\n[\n ]*/g, '\n\n').trim();
}
