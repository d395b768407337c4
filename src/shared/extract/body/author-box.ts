import type { Element } from 'domhandler';
import { classAndId } from './dom.js';

/**
 * class/id fragments of "about the author" boxes: the author's own container after the article,
 * not the byline. A bare `author` class is left alone: forums and listings use it for the poster
 * line, which is content there; with `vcard` it is the hCard of the author.
 */
const AUTHOR_BOX_NAMES =
  /author[-_]*(?:box|bio|info|details?|description|profile|card|wrap(?:per)?|area|section)|about[-_]*(?:the[-_]*)?authors?|contributor[-_]*(?:box|bio|info|area)|(?:post|entry|blog|article|story)[-_]+authors?(?:$|[\s_-])|(?:^|\s)vcard\s(?:\S+\s)*author(?:$|\s)|(?:^|\s)author\s(?:\S+\s)*vcard(?:$|\s)/i;

/**
 * A bio holds sentences; a byline under the same names ("post-author", "author-details") holds a
 * name and a date, which the date reader still needs at the top of the body.
 */
const BIO_MIN_TEXT = 80;

export function isAuthorBox(el: Element, textLength: number): boolean {
  return textLength >= BIO_MIN_TEXT && AUTHOR_BOX_NAMES.test(classAndId(el));
}
