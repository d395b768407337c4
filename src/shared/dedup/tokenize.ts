/**
 * Word tokenizer for near-duplicate detection in the languages newsflow ingests (Turkish, Russian,
 * Kazakh, English, and anything else written with letters). Words are maximal runs of letters,
 * digits and combining marks after NFC and `foldCase`, so Cyrillic and Kazakh letters (ә ғ қ ң ө
 * ұ ү һ і) and Turkish ones (ç ğ ı ö ş ü) are word characters like any other.
 *
 * Two language-specific touches:
 * - Apostrophes inside a word are dropped rather than splitting it: Turkish attaches case suffixes
 *   to proper nouns with one ("Ankara'da", "Tokayev’in"), English contracts with one ("don't").
 *   Keeping the word whole keeps shingles aligned when a copy swaps ' for ’.
 * - Optional stop-word removal. Measured on the bench (see bench/dedup.ts): with 3-word shingles
 *   it made no difference to precision or recall, so it is off by default; the lists stay small
 *   and exist for callers that hash single words.
 */
import { foldCase } from './fold.js';

export type TokenizerLanguage = 'tr' | 'ru' | 'kk' | 'en';

export interface TokenizeOptions {
  /** Language of the text; only used to pick a stop-word list. */
  language?: TokenizerLanguage | string;
  /** Drop the language's stop words (needs `language`). Default false. */
  removeStopWords?: boolean;
}

const STOP_WORDS: Readonly<Record<TokenizerLanguage, ReadonlySet<string>>> = {
  en: new Set('a an and are as at be but by for from has have he her his in is it its of on or she that the their they this to was were which will with'.split(' ')),
  // Folded forms (ı → i): "bir" "ve" "bu" "da" "de" "için" "ile" "olarak" …
  tr: new Set('ve bir bu da de için ile olarak gibi daha çok en ne o ki mi ya veya ancak sonra kadar göre'.split(' ')),
  ru: new Set('и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от о из ему при это'.split(' ')),
  kk: new Set('және мен бен пен да де та те бұл ол осы үшін деп бар жоқ болып еді'.split(' ')),
};

// Letters, digits and combining marks; everything else separates words.
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
// Apostrophes (ASCII, typographic, modifier letter) between two word characters.
const INNER_APOSTROPHE = /(?<=[\p{L}\p{N}\p{M}])['’ʼ`](?=[\p{L}\p{N}\p{M}])/gu;
// Soft hyphens and zero-width characters are invisible in the page and must not split words.
const FORMAT_CHARS = /\p{Cf}/gu;

export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  return tokenizeFolded(foldCase(text), options);
}

/** `tokenize` of a text already passed through `foldCase` (callers that also fingerprint it fold once). */
export function tokenizeFolded(foldedText: string, options: TokenizeOptions = {}): string[] {
  const words = foldedText.replace(FORMAT_CHARS, '').replace(INNER_APOSTROPHE, '').match(WORD) ?? [];
  if (!options.removeStopWords || options.language === undefined) return words;
  const stopWords = STOP_WORDS[options.language as TokenizerLanguage];
  return stopWords === undefined ? words : words.filter((word) => !stopWords.has(word));
}
