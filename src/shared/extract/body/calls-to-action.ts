import type { Block } from './blocks.js';

/**
 * Requests to the reader and site notices (copyright, disclaimers), in en/tr/ru/kk and common
 * European languages: verb phrases ("sign up", "abone olun"), not topic words, so that an article
 * about newsletters or subscriptions keeps its last paragraph.
 */
const CALL_TO_ACTION = new RegExp(
  [
    // en
    'subscribe (?:to|now|today|for|here)', 'sign up', 'signup', 'join our', '(?:straight |right )?(?:to|in) your inbox',
    "don['’]t miss", 'mailing list', 'donate', 'become a (?:patron|member|paid subscriber|supporter)',
    'support (?:us|our (?:work|journalism|reporting))', 'follow us', 'all rights reserved',
    // tr
    'abone ol', 'bültenimize', 'bizi takip edin', 'tüm hakları saklıdır',
    // ru, kk
    'подпис(?:ывайтесь|итесь|аться)', 'рассылк', 'все права защищены', 'жазылыңыз', 'барлық құқықтар қорғалған',
    // de, fr, es, it, pt, pl, nl
    'abonnieren', 'jetzt anmelden', 'alle rechte vorbehalten', 'abonnez-vous', 'inscrivez-vous', 'tous droits réservés',
    'suscríbete', 'todos los derechos reservados', 'iscriviti', 'tutti i diritti riservati', 'assine', 'inscreva-se',
    'todos os direitos reservados', 'zapisz się', 'wszelkie prawa zastrzeżone', 'schrijf je in', 'alle rechten voorbehouden',
    // disclaimers: en, ru, tr, de, fr, es, it
    '^disclaimer\\b', 'do(?:es)? not necessarily reflect', 'for (?:general )?informational purposes only',
    'мнение редакции может не совпадать', 'редакция может не разделять', 'yazının içeriğinden yazarı sorumludur',
    '^haftungsausschluss', 'nicht unbedingt die meinung', 'ne reflètent pas nécessairement', 'no reflejan necesariamente',
    'non riflettono necessariamente',
  ].join('|'),
  'iu',
);

/** Longer blocks are prose that happens to mention a newsletter. */
const CTA_MAX = 300;
/**
 * Only the end: a request in the middle of the text is the author's own. Site notices come in
 * groups (a newsletter box's heading, its form label, a copyright line, a transcript notice), so
 * the group is looked for among the last few blocks, not only in the very last ones.
 */
const TAIL_BLOCKS = 8;

/**
 * Newsletter boxes, donation appeals, copyright lines and disclaimers after the article's last
 * paragraph: the first short block among the last few that asks the reader to do something or
 * speaks for the site, and the short blocks after it.
 */
export function dropTrailingCallsToAction(blocks: Block[]): Block[] {
  let cut = blocks.length;
  let seen = 0;
  // Figures (a newsletter box's picture) go only together with a request above them. The first
  // block is never cut: a page that is only a notice keeps it.
  for (let i = blocks.length - 1; i > 0 && seen < TAIL_BLOCKS; i--) {
    const block = blocks[i]!;
    if (block.kind === 'figure') continue;
    if (block.text.length > CTA_MAX) break;
    seen++;
    if (CALL_TO_ACTION.test(block.text)) cut = i;
  }
  return cut === blocks.length ? blocks : blocks.slice(0, cut);
}
