import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { select } from 'cheerio-select';
import { Element as DomElement, type Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { descendantsOf, queryAll } from '../../src/shared/extract/element-index.js';
import { loadHtml } from '../../src/shared/extract/html.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/extract');
const pages = readdirSync(FIXTURES).filter((name) => name.endsWith('.html')).map((name) => [name, readFileSync(path.join(FIXTURES, name), 'latin1')] as const);

/** Every kind of selector the extractor asks: tags, attribute operators and flags, shorthands, groups, combinators, pseudos. */
const SELECTORS = [
  'meta', 'html', 'body', 'title', 'h1, h2, h3', 'time', 'article', 'base[href]',
  'link[rel~="canonical" i]', 'meta[property="og:image"]', 'script[type="application/ld+json" i], script[type="application/json+ld" i]',
  '[itemprop~="author"], [itemprop~="creator"], a[rel~="author"], [rel~="author"]',
  '[class*="lead" i], [class*="summary" i], [itemprop="description"]',
  '[class*="breadcrumb" i] a, nav[aria-label*="breadcrumb" i] a', '[class], [id]', '#main', '.content p',
  'a[href*="/profile"]', '*', 'div p', 'ul > li', 'h2 + p', 'p ~ p', 'a:not([rel])', '[class!="x"]',
  'meta[property="og:type"][content*="product"], [itemtype*="schema.org/Product"]',
];

const same = (a: Element[], b: Element[]) => a.length === b.length && a.every((element, i) => element === b[i]);

describe('element index (the extractor\'s selector queries, answered from one walk of the page)', () => {
  it('answers every document query with exactly the elements cheerio finds, in document order', () => {
    for (const [name, html] of pages) {
      const $ = loadHtml(html);
      for (const selector of SELECTORS) expect(same(queryAll($, selector).toArray(), $(selector).toArray() as Element[]), `${name}: ${selector}`).toBe(true);
    }
  });

  it('answers queries under an element like cheerio-select, or hands back relations it keeps inside the root', () => {
    for (const [name, html] of pages) {
      const $ = loadHtml(html);
      for (const root of $('body, article, main, div').toArray().slice(0, 30) as Element[]) {
        for (const selector of SELECTORS) {
          const indexed = descendantsOf(root, selector);
          if (/[ >+~]/.test(selector.replace(/\[[^\]]*\]|\([^)]*\)|, /g, ''))) expect(indexed, selector).toBeNull();
          else expect(same(indexed!, select(selector, root)), `${name}: ${selector}`).toBe(true);
        }
      }
    }
  });

  it('indexes a page nested 5,000 levels deep without exhausting the stack', () => {
    const $ = loadHtml(`${'<div>'.repeat(5000)}<p class="x">deep</p>${'</div>'.repeat(5000)}`);
    expect(queryAll($, '.x').text()).toBe('deep');
    expect(queryAll($, 'div').length).toBe(5000);
  });

  it('leaves elements outside a parsed page to the caller', () => {
    const detached = new DomElement('section', {}, [new DomElement('p', {}, [])]);
    expect(descendantsOf(detached, 'p')).toBeNull();
  });
});
