import type { Element } from 'domhandler';
import type { ImageRef, LinkRef } from '../types.js';
import type { Block, BlockKind } from './blocks.js';
import { isChrome, isJunk, skipsByName } from './classify.js';
import { isElement, isText, walk } from './dom.js';
import { opensCodeListing } from './code-listings.js';
import { imageSrc, isTinyImage, readFigure } from './images.js';
import { isIntroducedList } from './introduced-list.js';
import { INLINE_TAGS } from './patterns.js';
import { isProseSection } from './prose-section.js';
import { shareOf, type NameSkipping, type TextSizes, type TextStats } from './score.js';
import { collapseSpaces, escapeHtml, LINE_BREAK, normalizeBlock } from './text.js';
import { toHttpUrl } from './urls.js';

export interface SerializeContext {
  baseUrl: string;
  stats: Map<Element, TextStats>;
  excluded: Set<Element>;
  skipNamedBoilerplate: NameSkipping;
  sizes: TextSizes;
  /** Keep link lists: on pages without prose (shop grids, listings) they are the content. */
  keepLinkLists?: boolean;
}

export interface SerializedBody {
  blocks: Block[];
  images: ImageRef[];
  links: LinkRef[];
}

/** Containers that are dropped inside the article when they are mostly links (menus, link lists). */
const LINK_LIST_CANDIDATES = new Set(['ul', 'ol', 'dl', 'div', 'section', 'table', 'form', 'header']);

/**
 * Turns the chosen content elements into blocks, in one iterative pass per root.
 * Every non-inline element boundary and every `<br>` ends a block, so words never glue.
 */
export function serializeContent(roots: Element[], ctx: SerializeContext): SerializedBody {
  const out: SerializedBody = { blocks: [], images: [], links: [] };
  const listIds = new Map<Element, number>();
  const blockStack: Element[] = [];
  let quoteDepth = 0;
  let preDepth = 0;
  // Inside a code listing (pre or code) class names are syntax, never boilerplate.
  let codeDepth = 0;
  let quoteId = 0;
  let text = '';
  // Whether `text` ends in a line break (trailing spaces aside). Kept as a flag: reading the end of
  // a string built by += flattens it, which made a paragraph of 20,000 <br> lines quadratic.
  let endsInLineBreak = false;
  let html = '';
  let anchor: { url: string | null; text: string; htmlOpen: boolean } | null = null;

  const flush = (): void => {
    if (anchor?.htmlOpen) {
      html += '</a>';
      anchor.htmlOpen = false;
    }
    const blockText = normalizeBlock(text);
    if (blockText !== '') {
      const holder = blockStack[blockStack.length - 1];
      const block: Block = { kind: kindOf(holder), text: blockText, html: collapseSpaces(html).trim().normalize('NFC') };
      if (block.kind === 'li' && holder?.parent && isElement(holder.parent)) {
        const list = holder.parent;
        if (!listIds.has(list)) listIds.set(list, listIds.size + 1);
        block.listId = listIds.get(list)!;
        block.ordered = list.name === 'ol';
      }
      if (quoteDepth > 0) block.quoteId = quoteId;
      out.blocks.push(block);
    }
    text = '';
    endsInLineBreak = false;
    html = '';
  };

  const pushFigure = (image: ImageRef): void => {
    out.images.push(image);
    let fig = `<figure><img src="${escapeHtml(image.src)}"${image.alt ? ` alt="${escapeHtml(image.alt)}"` : ''}>`;
    if (image.caption) fig += `<figcaption>${escapeHtml(image.caption)}</figcaption>`;
    out.blocks.push({ kind: 'figure', text: '', html: `${fig}</figure>` });
  };

  for (const root of roots) {
    walk(
      root,
      (node) => {
        if (isText(node)) {
          // Code keeps its lines.
          const chunk = preDepth > 0 ? node.data.replace(/\n/g, LINE_BREAK) : node.data;
          text += chunk;
          endsInLineBreak = lineBreakAtEnd(chunk) ?? endsInLineBreak;
          html += escapeHtml(node.data);
          if (anchor) anchor.text += node.data;
          return;
        }
        if (!isElement(node)) return false;
        if (node !== root && shouldSkip(node, ctx, codeDepth > 0)) return false;
        if (opensCodeListing(node)) codeDepth++;
        if (node.name === 'br') {
          // One <br> is a line break inside the block; two in a row end the paragraph.
          if (endsInLineBreak) flush();
          else {
            text += LINE_BREAK;
            endsInLineBreak = true;
            html += ' ';
          }
          return false;
        }
        if (node.name === 'hr') {
          flush();
          return false;
        }
        if ((node.name === 'figure' && !holdsText(node, ctx)) || node.name === 'picture') {
          flush();
          const image = readFigure(node, ctx.baseUrl);
          if (image) pushFigure(image);
          return false;
        }
        if (node.name === 'img') {
          const src = imageSrc(node, ctx.baseUrl);
          if (src && !isTinyImage(node)) {
            flush();
            const alt = normalizeBlock(node.attribs['alt'] ?? '');
            pushFigure(alt ? { src, alt } : { src });
          }
          return false;
        }
        if (node.name === 'a') {
          const url = toHttpUrl(node.attribs['href'], ctx.baseUrl);
          if (!anchor) {
            anchor = { url, text: '', htmlOpen: url !== null };
            if (url) html += `<a href="${escapeHtml(url)}">`;
          }
          return true;
        }
        if (INLINE_TAGS.has(node.name)) return true;
        flush();
        blockStack.push(node);
        if (node.name === 'pre') preDepth++;
        if (node.name === 'blockquote') {
          quoteDepth++;
          if (quoteDepth === 1) quoteId++;
        }
        return true;
      },
      (node) => {
        if (!isElement(node)) return;
        if (opensCodeListing(node)) codeDepth--;
        if (node.name === 'a') {
          if (anchor) {
            if (anchor.htmlOpen) html += '</a>';
            const title = normalizeBlock(anchor.text);
            if (anchor.url && title) out.links.push({ url: anchor.url, title });
          }
          anchor = null;
          return;
        }
        if (INLINE_TAGS.has(node.name) || blockStack[blockStack.length - 1] !== node) return;
        flush();
        blockStack.pop();
        if (node.name === 'blockquote') quoteDepth--;
        if (node.name === 'pre') preDepth--;
      },
    );
    flush();
  }
  return out;
}

function shouldSkip(el: Element, ctx: SerializeContext, inCode: boolean): boolean {
  if (ctx.excluded.has(el) || isJunk(el, ctx.sizes.noscriptIsContent) || isChrome(el)) return true;
  // Contact and signup forms: their labels are not article text (whole-page ASP.NET forms are).
  if (el.name === 'form' && shareOf(ctx.sizes, el) < 0.5) return true;
  if (!inCode && skipsByName(el, ctx.skipNamedBoilerplate, shareOf(ctx.sizes, el), ctx.sizes.byElement.get(el) ?? 0)) return true;
  // The page title repeated in the article container is not body text.
  if (el.name === 'h1') return true;
  // Captions of figures that hold text (tables, cards) are not body text either.
  if (el.name === 'figcaption') return true;
  if (!ctx.keepLinkLists && LINK_LIST_CANDIDATES.has(el.name)) {
    const s = ctx.stats.get(el);
    if (s && s.text > 0) {
      const density = s.link / s.text;
      if (density > 0.5 && !(el.name === 'p' && s.text > 200) && !isIntroducedList(el) && !isProseSection(s)) return true;
    }
  }
  return false;
}

/** Text outside a caption beyond this makes a `<figure>` a layout box (product cards), not an image. */
const FIGURE_TEXT_MAX = 20;

function holdsText(figure: Element, ctx: SerializeContext): boolean {
  let text = ctx.stats.get(figure)?.text ?? 0;
  for (const child of figure.children) {
    if (isElement(child) && child.name === 'figcaption') text -= ctx.stats.get(child)?.text ?? 0;
  }
  return text > FIGURE_TEXT_MAX;
}

function kindOf(holder: Element | undefined): BlockKind {
  switch (holder?.name) {
    case 'h1': case 'h2': return 'h2';
    case 'h3': return 'h3';
    case 'h4': case 'h5': case 'h6': return 'h4';
    case 'li': return 'li';
    default: return 'p';
  }
}

/** Whether a piece of text ends in a line break, ignoring trailing spaces; undefined when it is all spaces. */
function lineBreakAtEnd(chunk: string): boolean | undefined {
  for (let i = chunk.length - 1; i >= 0; i--) {
    const c = chunk[i]!;
    if (c === LINE_BREAK) return true;
    if (c !== ' ' && c !== '\n' && c !== '\t' && c !== '\r' && c !== '\u00A0') return false;
  }
  return undefined;
}
