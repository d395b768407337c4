import { load } from 'cheerio';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { descendantsMatching } from '../../src/shared/extract/descendants.js';

describe('descendantsMatching (what .find() answers, without its quadratic root scan)', () => {
  const $ = load('<main><section id="a"><p>1</p><div><p>2</p></div></section><section id="b"><p>3</p></section><p>4</p></main>');
  const texts = (elements: Element[]) => elements.map((element) => $(element).text());
  const section = (id: string) => $(`#${id}`)[0] as Element;

  it('finds the matching descendants of every root, in document order, never the root itself', () => {
    expect(texts(descendantsMatching([section('a'), section('b')], 'p'))).toEqual(['1', '2', '3']);
    expect(descendantsMatching([section('a')], 'section')).toEqual([]);
  });

  it('reads an element once when one root holds another, or a root is given twice', () => {
    const main = $('main')[0] as Element;
    expect(texts(descendantsMatching([section('a'), main, section('a')], 'p'))).toEqual(['1', '2', '3', '4']);
  });

  it('matches what cheerio .find() matches on a wide container', () => {
    const wide = load(`<article>${Array.from({ length: 3000 }, (_, i) => `<p>${i}<time datetime="2024-10-10">x</time></p>`).join('')}</article>`);
    const article = wide('article')[0] as Element;
    expect(descendantsMatching([article], 'time').length).toBe(wide('article').find('time').length);
  });
});
