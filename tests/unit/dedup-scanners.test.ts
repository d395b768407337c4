import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/dedup-dataset.js';
import { normalizeForFingerprint } from '../../src/shared/dedup/fingerprint.js';
import { foldCase } from '../../src/shared/dedup/fold.js';
import { tokenize } from '../../src/shared/dedup/tokenize.js';

/**
 * The tokenizer and the fingerprint normalisation scan characters by table; their definitions are
 * the regular expressions below. Any difference would change stored fingerprints, so that every
 * page stored before the change would stop matching its copies stored after it.
 */
const definedTokens = (text: string): string[] =>
  foldCase(text)
    .replace(/\p{Cf}/gu, '')
    .replace(/(?<=[\p{L}\p{N}\p{M}])['’ʼ`](?=[\p{L}\p{N}\p{M}])/gu, '')
    .match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
const definedNormalisation = (text: string): string =>
  foldCase(text).replace(/[\p{P}\p{S}\p{Cf}]+/gu, '').replace(/\s+/gu, ' ').trim();

// Letters of the languages newsflow reads, digits, combining marks, every kind of apostrophe,
// invisible format characters, white space of several kinds, punctuation and symbols, astral
// letters, digits and emoji, and lone surrogate halves.
const ALPHABET = [
  'a', 'Z', 'ı', 'İ', 'ş', 'ж', 'Қ', 'ә', 'ß', 'ς', '7', '٣', '\u0301', '\u0307',
  "'", '’', 'ʼ', '`',
  '\u00ad', '\u200b', '\u200d', '\ufeff', '\u2060', '\u180e',
  ' ', '\t', '\n', '\u00a0', '\u2028', '\u3000',
  '.', ',', '-', '—', '«', '»', '"', '!', '$', '+', '©', '€',
  '😀', '𝐀', '𝟙', '𐌰', '\ud800', '\udc00',
];

function randomText(random: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return text;
}

// Where the definition itself is odd: deleting format characters between two lone surrogate
// halves glues them into one astral character. The scanners do not; no decoded page holds lone
// surrogates (decoders write U+FFFD), only an escaped one in JSON-LD could.
const HALVES_AROUND_FORMAT = /[\ud800-\udbff][\u00ad\u200b\u200d\ufeff\u2060\u180e]+[\udc00-\udfff]/;

describe('table-driven text scanners', () => {
  // Seeded, so that a failure names a text that can be reproduced.
  const random = seededRandom(20261127);
  const texts = [
    '',
    "Tokayev’in Ankara'da don't rock'n'roll ''quoted'' 'edge' a'",
    'jour\u00adnal\u200bism a\u00ad’b a’\u00adb aʼʼb ʼa aʼ \ufeffBOM start',
    '  leading and trailing  \n',
    ...Array.from({ length: 20_000 }, () => randomText(random, Math.floor(random() * 24))),
  ].filter((text) => !HALVES_AROUND_FORMAT.test(text));

  it('split words exactly as the regular-expression definition does', () => {
    for (const text of texts) expect(tokenize(text), JSON.stringify(text)).toEqual(definedTokens(text));
  });

  it('normalise for the fingerprint exactly as the regular-expression definition does', () => {
    for (const text of texts) expect(normalizeForFingerprint(text), JSON.stringify(text)).toBe(definedNormalisation(text));
  });
});
