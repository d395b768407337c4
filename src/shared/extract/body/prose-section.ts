import type { TextStats } from './score.js';

/**
 * A section of the article that lists its sources or products ("NCCIH supports these studies:",
 * a subheading, a paragraph, then a list of links) is mostly link text, like a menu, but a menu
 * has no prose of its own. A quarter of plain prose (paragraph-sized runs that are not links,
 * subheadings) makes a link-dense container part of the article.
 */
const PROSE_MIN = 100;
const PROSE_SHARE = 0.25;

export function isProseSection(stats: TextStats): boolean {
  return stats.prose >= PROSE_MIN && stats.prose >= PROSE_SHARE * stats.text;
}
