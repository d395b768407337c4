import { select } from 'cheerio-select';
import type { Element } from 'domhandler';
import { descendantsOf } from './element-index.js';

/**
 * The descendants of `roots` that match `selector`, each once, root by root in document order.
 *
 * Cheerio's `.find()` first removes nested duplicates from the roots' children with a quadratic
 * scan (domutils' removeSubsets): one `.find()` under an article of 100,000 paragraphs took
 * seconds, and a hostile page of that shape tied up a parse worker for minutes. Selecting under
 * each outermost root on its own is linear in the size of the tree.
 */
export function descendantsMatching(roots: readonly Element[], selector: string): Element[] {
  const wanted = new Set(roots);
  const outermost = [...wanted].filter((root) => {
    for (let ancestor = root.parent; ancestor; ancestor = ancestor.parent) if (wanted.has(ancestor as Element)) return false;
    return true;
  });
  const seen = new Set<Element>();
  const found: Element[] = [];
  for (const root of outermost) {
    for (const element of descendantsOf(root, selector) ?? select(selector, root)) {
      if (seen.has(element)) continue;
      seen.add(element);
      found.push(element);
    }
  }
  return found;
}
