import type { Cheerio, CheerioAPI } from 'cheerio';
import { compile } from 'css-select';
import { parse, type Selector } from 'css-what';
import { isTag, type AnyNode, type Document, type Element } from 'domhandler';

/**
 * One walk of a parsed page, shared by every query the extractor makes of it. Answering each of
 * the extractor's ~30 selector queries by walking the whole tree cost about 2.5 ms per news page;
 * with this index a query tests only the elements that can match: those with the tag name or the
 * attribute every alternative of the selector requires (`meta`, `[itemprop]`, `.x` → `class`).
 * Results are exactly cheerio's: the same elements, in document order. The extractor never
 * changes the tree it reads, so an index stays valid for its document's lifetime.
 */
interface ElementIndex {
  /** Every element, in document order. */
  elements: Element[];
  /** Position of each element in `elements`, and of the last of its descendants. */
  position: Map<Element, number>;
  lastDescendant: Int32Array;
  byTag: Map<string, Element[]>;
  byAttribute: Map<string, Element[]>;
}

const indexes = new WeakMap<Document, ElementIndex>();

function buildIndex(document: Document): ElementIndex {
  const elements: Element[] = [];
  const position = new Map<Element, number>();
  const byTag = new Map<string, Element[]>();
  const lastOf: number[] = [];
  // Iterative: pages nested thousands of levels deep must not exhaust the stack.
  const stack: Array<{ node: AnyNode; open: number }> = [];
  for (let i = document.children.length - 1; i >= 0; i -= 1) stack.push({ node: document.children[i]!, open: -1 });
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry.open >= 0) {
      lastOf[entry.open] = elements.length - 1;
      continue;
    }
    const node = entry.node;
    if (!isTag(node)) continue;
    const at = elements.length;
    elements.push(node);
    position.set(node, at);
    const named = byTag.get(node.name);
    if (named) named.push(node);
    else byTag.set(node.name, [node]);
    stack.push({ node, open: at });
    for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push({ node: node.children[i]!, open: -1 });
  }
  return { elements, position, lastDescendant: Int32Array.from(lastOf), byTag, byAttribute: new Map() };
}

function indexOf(document: Document): ElementIndex {
  let index = indexes.get(document);
  if (!index) {
    index = buildIndex(document);
    indexes.set(document, index);
  }
  return index;
}

function withAttribute(index: ElementIndex, name: string): Element[] {
  let found = index.byAttribute.get(name);
  if (!found) {
    found = index.elements.filter((element) => Object.prototype.hasOwnProperty.call(element.attribs, name));
    index.byAttribute.set(name, found);
  }
  return found;
}

const COMBINATORS = new Set(['descendant', 'child', 'parent', 'sibling', 'adjacent', 'column-combinator']);

/** What an element must have to match one alternative: a tag name or an attribute; null if nothing. */
function requirement(alternative: Selector[]): { tag: string } | { attribute: string } | null {
  let last = alternative.length;
  while (last > 0 && !COMBINATORS.has(alternative[last - 1]!.type)) last -= 1;
  const compound = alternative.slice(last);
  for (const token of compound) if (token.type === 'tag') return { tag: token.name.toLowerCase() };
  // `[a!=b]` also matches elements without the attribute: no requirement.
  for (const token of compound) if (token.type === 'attribute' && token.action !== 'not') return { attribute: token.name.toLowerCase() };
  return null;
}

interface CompiledSelector {
  test: (element: Element) => boolean;
  /** Whether the selector relates elements (`a b`, `a > b`, …): under a root, cheerio keeps such relations inside it. */
  combines: boolean;
  /** Per alternative; null when some alternative can match any element. */
  requirements: Array<{ tag: string } | { attribute: string }> | null;
}

const compiled = new Map<string, CompiledSelector>();

/** Compiled the way cheerio compiles a query of a page loaded by `loadHtml` (HTML mode, lower-cased names). */
function compileSelector(selector: string): CompiledSelector {
  let entry = compiled.get(selector);
  if (!entry) {
    const alternatives = parse(selector);
    const requirements = alternatives.map(requirement);
    const query = compile<AnyNode, Element>(alternatives, { xmlMode: false, lowerCaseTags: true, lowerCaseAttributeNames: true });
    entry = {
      test: query,
      combines: alternatives.some((alternative) => alternative.some((token) => COMBINATORS.has(token.type))),
      requirements: requirements.every((r) => r !== null) ? (requirements as Array<{ tag: string } | { attribute: string }>) : null,
    };
    compiled.set(selector, entry);
  }
  return entry;
}

/** The elements that can match, in document order, restricted to positions [from, to]. */
function candidates(index: ElementIndex, selector: CompiledSelector, from: number, to: number): Element[] {
  if (selector.requirements === null) return index.elements.slice(from, to + 1);
  const lists = selector.requirements.map((r) => ('tag' in r ? (index.byTag.get(r.tag) ?? []) : withAttribute(index, r.attribute)));
  const inRange = (list: Element[]) => list.slice(lowerBound(index, list, from), lowerBound(index, list, to + 1));
  if (lists.length === 1) return inRange(lists[0]!);
  const union = new Set<Element>();
  for (const list of lists) for (const element of inRange(list)) union.add(element);
  return [...union].sort((a, b) => index.position.get(a)! - index.position.get(b)!);
}

/** First index in `list` (document order) whose position is >= `at`. */
function lowerBound(index: ElementIndex, list: Element[], at: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (index.position.get(list[mid]!)! < at) low = mid + 1;
    else high = mid;
  }
  return low;
}

function documentOf(node: AnyNode): Document | null {
  let top: AnyNode = node;
  while (top.parent) top = top.parent;
  return top.type === 'root' ? (top as Document) : null;
}

/** `$(selector)` over the whole page, answered from the page's index. */
export function queryAll($: CheerioAPI, selector: string): Cheerio<Element> {
  const document = $.root()[0] as Document;
  const index = indexOf(document);
  const query = compileSelector(selector);
  return $(candidates(index, query, 0, index.elements.length - 1).filter(query.test));
}

/**
 * The descendants of `root` (not `root` itself) matching `selector`, in document order; null when
 * `root` is not part of a parsed page or the selector relates elements (the caller then walks the
 * subtree itself).
 */
export function descendantsOf(root: Element, selector: string): Element[] | null {
  const query = compileSelector(selector);
  if (query.combines) return null;
  const document = documentOf(root);
  const index = document ? indexOf(document) : null;
  const at = index?.position.get(root);
  if (!index || at === undefined) return null;
  return candidates(index, query, at + 1, index.lastDescendant[at]!).filter(query.test);
}
