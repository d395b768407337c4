import type { Element } from 'domhandler';
import type { ImageRef } from '../types.js';
import { classAndId, isElement, isText, walk } from './dom.js';
import { normalizeBlock } from './text.js';
import { toHttpUrl } from './urls.js';

const LAZY_SRC_ATTRS = ['data-src', 'data-lazy-src', 'data-original', 'data-url', 'data-srcset', 'src', 'srcset'];
const CREDIT_NAMES = /credit|copyright|source|author|photographer|foto|kaynak|istochnik|автор/i;
const TINY = 50;

/** The real image URL of an img, looking past lazy-loading placeholders. */
export function imageSrc(img: Element, base: string): string | null {
  for (const name of LAZY_SRC_ATTRS) {
    const raw = img.attribs[name];
    if (!raw) continue;
    const first = name.endsWith('srcset') ? raw.trim().split(/\s+/)[0] : raw;
    if (!first || first.startsWith('data:')) continue;
    const url = toHttpUrl(first, base);
    if (url) return url;
  }
  return null;
}

/** Icons, spacers and tracking pixels declare their small size. */
export function isTinyImage(img: Element): boolean {
  const w = Number.parseInt(img.attribs['width'] ?? '', 10);
  const h = Number.parseInt(img.attribs['height'] ?? '', 10);
  return (Number.isFinite(w) && w < TINY) || (Number.isFinite(h) && h < TINY);
}

/** Reads a `<figure>` (or any image wrapper): first usable image, caption and credit. */
export function readFigure(figure: Element, base: string): ImageRef | null {
  let image: ImageRef | null = null;
  let caption = '';
  let credit = '';
  walk(figure, (node) => {
    if (!isElement(node)) return;
    if (node.name === 'img' && !image) {
      const src = imageSrc(node, base);
      if (src && !isTinyImage(node)) {
        image = { src };
        const alt = normalizeBlock(node.attribs['alt'] ?? '');
        if (alt) image.alt = alt;
      }
      return false;
    }
    if (node.name === 'figcaption') {
      const parts = splitCaption(node);
      caption = parts.caption;
      credit = parts.credit;
      return false;
    }
    return undefined;
  });
  const found = image as ImageRef | null;
  if (!found) return null;
  if (caption) found.caption = caption;
  if (credit) found.credit = credit;
  return found;
}

/** A caption's credit lives in a child named like "credit"/"copyright"; the rest is the caption. */
function splitCaption(figcaption: Element): { caption: string; credit: string } {
  let caption = '';
  let credit = '';
  let creditDepth = 0;
  walk(
    figcaption,
    (node) => {
      if (isText(node)) {
        if (creditDepth > 0) credit += node.data;
        else caption += node.data;
        return;
      }
      if (isElement(node) && node !== figcaption && CREDIT_NAMES.test(classAndId(node))) creditDepth++;
      if (isElement(node) && node.name === 'br') caption += ' ';
    },
    (node) => {
      if (isElement(node) && node !== figcaption && CREDIT_NAMES.test(classAndId(node))) creditDepth--;
    },
  );
  return { caption: normalizeBlock(caption), credit: normalizeBlock(credit) };
}
