import type { Element } from 'domhandler';

/**
 * Code listings: syntax highlighters class every token (`span.hljs-comment`, `span.token.comment`,
 * `code.language-go` inside `pre`), and those words name the code's syntax, not page furniture.
 * Inside a listing, name-based boilerplate tests must not run, or a tutorial loses its code
 * comments or whole listings. The listing element itself is still judged by its names as usual.
 */
const CODE_TAGS = new Set(['pre', 'code']);

export function opensCodeListing(el: Element): boolean {
  return CODE_TAGS.has(el.name);
}
