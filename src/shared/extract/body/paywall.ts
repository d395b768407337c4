import type { Block } from './blocks.js';

/**
 * Paywall notices, in en/tr/ru/kk: "Unlock this article", "Become a paid subscriber to read",
 * "Чтобы продолжить чтение…". Where one stands, the free text has ended: what follows is the
 * offer (prices, plan features, the teaser of what the subscriber gets), not the article.
 */
const PAYWALL = new RegExp(
  [
    // en
    'unlock this (?:article|story|piece|post)', 'to (?:continue|keep) reading', 'to read the (?:rest|full)', 'become a paid subscriber',
    'already a (?:subscriber|member)\\?', 'this (?:article|content|story|post) is (?:only )?(?:for|available to|exclusive to|reserved for) (?:paid )?(?:subscribers|members)',
    'subscribers only',
    // tr, ru, kk
    'devamını okumak için', 'abonelere özel', 'чтобы (?:продолжить|дочитать)', 'доступ\\p{L}* (?:только )?(?:для )?подписчик', 'жазылушыларға ғана',
  ].join('|'),
  'iu',
);
/** The notice is a line or two; a long paragraph that mentions subscribers is the article's. */
const NOTICE_MAX = 300;
/** The offer after the notice is short lines; a long paragraph after it means the text goes on. */
const OFFER_LINE_MAX = 400;
/** The text before a paywall is at least a lead: a notice among the first blocks is a banner. */
const MIN_FREE_BLOCKS = 2;

export function dropPaywalledRest(blocks: Block[]): Block[] {
  // Only a notice after the last long paragraph can end the text (found once: stays linear).
  let lastLong = -1;
  for (let i = 0; i < blocks.length; i++) if (blocks[i]!.text.length > OFFER_LINE_MAX) lastLong = i;
  for (let i = Math.max(MIN_FREE_BLOCKS, lastLong + 1); i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.kind === 'figure' || block.text.length > NOTICE_MAX || !PAYWALL.test(block.text)) continue;
    return blocks.slice(0, i);
  }
  return blocks;
}
