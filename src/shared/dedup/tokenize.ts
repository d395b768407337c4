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
import { APOSTROPHE, FORMAT, WORD, codePointAt } from './char-classes.js';
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

export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  return tokenizeFolded(foldCase(text), options);
}

/**
 * `tokenize` of a text already passed through `foldCase` (callers that also fingerprint it fold once).
 * One scan: format characters are skipped as if absent, an apostrophe between two word characters
 * is dropped and the word goes on, anything else that is not a word character ends the word.
 */
export function tokenizeFolded(foldedText: string, options: TokenizeOptions = {}): string[] {
  const words = scanWords(foldedText);
  if (!options.removeStopWords || options.language === undefined) return words;
  const stopWords = STOP_WORDS[options.language as TokenizerLanguage];
  return stopWords === undefined ? words : words.filter((word) => !stopWords.has(word));
}

function scanWords(text: string): string[] {
  const words: string[] = [];
  // The current word is `joined` (its parts before a skipped character) + text[runStart, index).
  let joined = '';
  let runStart = -1;
  let afterWordChar = false;
  let index = 0;
  while (index < text.length) {
    const packed = codePointAt(text, index);
    const classes = packed & 0xff;
    const next = index + (packed >> 8);
    // Tested before WORD: ʼ (U+02BC) is a letter too, and between two word characters it goes.
    const joins = (classes & APOSTROPHE) !== 0 && afterWordChar && wordCharFollows(text, next);
    if (classes & FORMAT || joins) {
      if (runStart >= 0) joined += text.slice(runStart, index);
      runStart = -1;
      // A format character is not there as far as words go; a dropped ʼ still counts as a letter before the next apostrophe.
      if (joins) afterWordChar = (classes & WORD) !== 0;
    } else if (classes & WORD) {
      if (runStart < 0) runStart = index;
      afterWordChar = true;
    } else {
      const word = runStart >= 0 ? joined + text.slice(runStart, index) : joined;
      if (word !== '') words.push(word);
      joined = '';
      runStart = -1;
      afterWordChar = false;
    }
    index = next;
  }
  const last = runStart >= 0 ? joined + text.slice(runStart) : joined;
  if (last !== '') words.push(last);
  return words;
}

/** Whether the first code point at or after `index` that is not a format character is a word character. */
function wordCharFollows(text: string, index: number): boolean {
  while (index < text.length) {
    const packed = codePointAt(text, index);
    if (!(packed & FORMAT)) return (packed & WORD) !== 0;
    index += packed >> 8;
  }
  return false;
}
