import type { Block } from './blocks.js';

/**
 * Affiliate and sponsorship disclosures, in en/tr/ru and common European languages: the site's
 * legal notice about how it earns from the links, printed above (or inside) any shopping article.
 * Verb phrases about the site's own earnings, not topic words: an article about affiliate
 * marketing ("streamers earn from affiliate links") keeps its sentences.
 */
const DISCLOSURE = new RegExp(
  [
    // en
    'may (?:earn|receive|get) (?:us )?(?:a )?(?:small )?(?:affiliate )?commission', '(?:we|us) (?:may )?earn (?:a )?(?:small )?commission',
    '(?:post|article|page|content) (?:may )?contains? affiliate links', 'purchases? made through (?:our |these |the )?links',
    'as an amazon associate', 'we may include paid promotion',
    // tr, ru
    'satış ortaklığı bağlantıları', 'komisyon kazanabiliriz', 'партн[её]рские ссылки', 'можем получ\\p{L}* комисси',
    // de, fr, es
    'affiliate-links', 'erhalten wir (?:eine|ggf\\.) provision', 'liens affiliés', 'enlaces de afiliados',
  ].join('|'),
  'iu',
);
/** A disclosure is a sentence or two; a long paragraph mentioning commissions is the article's. */
const DISCLOSURE_MAX = 400;

export function dropDisclosures(blocks: Block[]): Block[] {
  const kept = blocks.filter((b) => b.kind === 'figure' || b.text.length > DISCLOSURE_MAX || !DISCLOSURE.test(b.text));
  // A page that is only the notice keeps it.
  return kept.length === blocks.length || kept.every((b) => b.kind === 'figure') ? blocks : kept;
}
