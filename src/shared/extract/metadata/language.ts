/**
 * Content language detection: script and letter rules for the languages we serve (tr, ru, kk, en),
 * franc's trigram model for the rest, and the page's declared language for short texts.
 */
import { franc } from 'franc';

// ISO 639-3 (franc) to ISO 639-1 for the languages franc can return that have a two-letter code.
const ISO3_TO_1: Record<string, string> = {
  eng: 'en', tur: 'tr', rus: 'ru', kaz: 'kk', ukr: 'uk', bel: 'be', bul: 'bg', srp: 'sr', mkd: 'mk',
  kir: 'ky', tat: 'tt', bak: 'ba', uzn: 'uz', uzb: 'uz', azj: 'az', aze: 'az', deu: 'de', fra: 'fr',
  spa: 'es', por: 'pt', ita: 'it', nld: 'nl', pol: 'pl', ces: 'cs', slk: 'sk', slv: 'sl', hrv: 'hr',
  bos: 'bs', ron: 'ro', hun: 'hu', fin: 'fi', swe: 'sv', dan: 'da', nob: 'nb', nno: 'nn', isl: 'is',
  est: 'et', lav: 'lv', lit: 'lt', ell: 'el', arb: 'ar', ara: 'ar', pes: 'fa', fas: 'fa', heb: 'he',
  hin: 'hi', ben: 'bn', urd: 'ur', ind: 'id', zsm: 'ms', vie: 'vi', tha: 'th', jpn: 'ja', kor: 'ko',
  cmn: 'zh', zho: 'zh', cat: 'ca', glg: 'gl', eus: 'eu', sqi: 'sq', als: 'sq', kat: 'ka', hye: 'hy',
  tgk: 'tg', tuk: 'tk', mon: 'mn', khk: 'mn', swh: 'sw', tgl: 'tl', afr: 'af', gle: 'ga', cym: 'cy',
};

// Languages we can name in ISO 639-1; restricting franc to them also makes it several times faster.
const LATIN_SCRIPT_CANDIDATES = Object.keys(ISO3_TO_1).filter(
  (code) => !['rus', 'ukr', 'bel', 'bul', 'srp', 'mkd', 'kaz', 'kir', 'tat', 'bak', 'tgk', 'khk', 'mon', 'ell', 'arb', 'ara', 'pes', 'fas', 'heb', 'hin', 'ben', 'urd', 'tha', 'jpn', 'kor', 'cmn', 'zho', 'kat', 'hye'].includes(code),
);

const CYRILLIC = /\p{Script=Cyrillic}/gu;
const LATIN = /\p{Script=Latin}/gu;
// Letters Kazakh has and Russian does not (і is shared with Ukrainian/Belarusian, so it only counts with the others).
const KAZAKH_ONLY = /[әғқңөұүһӘҒҚҢӨҰҮҺ]/gu;
const UKRAINIAN_ONLY = /[їєґЇЄҐ]/gu;
const TURKISH_ONLY = /[ğışİĞŞ]/gu;
const RUSSIAN_ONLY = /[ыэъЫЭЪ]/gu;
// Ukrainian and Belarusian write і in nearly every sentence (Belarusian also ў); Russian never does.
const UKRAINIAN_OR_BELARUSIAN = /[іїєґўІЇЄҐЎ]/u;

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

/** Normalizes a declared language tag ("tr-TR", "ru_RU", "kz") to ISO 639-1. */
export function normalizeLanguageTag(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_\s,;]/)[0] ?? '';
  if (primary === 'kz') return 'kk'; // a common mistake on Kazakh sites
  if (/^[a-z]{2}$/.test(primary)) return primary;
  if (/^[a-z]{3}$/.test(primary)) return ISO3_TO_1[primary] ?? null;
  return null;
}

/** Detects the language of `text`; null when the text is too short to tell. */
export function detectLanguage(text: string): string | null {
  // A few paragraphs decide the language; trigram scoring cost grows with the sample.
  const sample = text.slice(0, 1500);
  const cyrillic = count(sample, CYRILLIC);
  const latin = count(sample, LATIN);
  const letters = cyrillic + latin;
  if (letters < 12) {
    // Too little script for trigrams, but one distinctive letter still settles Kazakh vs Russian.
    if (cyrillic > latin && cyrillic >= 4) return count(sample, KAZAKH_ONLY) > 0 ? 'kk' : null;
    return null;
  }

  if (cyrillic > latin) {
    const ukrainian = count(sample, UKRAINIAN_ONLY);
    const russian = count(sample, RUSSIAN_ONLY);
    // Kazakh letters in running words mean Kazakh; in capitalized words they may be names quoted in Russian.
    const words = sample.match(/\p{L}+/gu) ?? [];
    let kazakhWeight = 0;
    for (const word of words) {
      if (!/[әғқңөұүһӘҒҚҢӨҰҮҺ]/u.test(word)) continue;
      kazakhWeight += /^\p{Lu}/u.test(word) ? 0.5 : 1;
    }
    const kazakhShare = words.length ? kazakhWeight / words.length : 0;
    if (kazakhShare >= 0.12) return 'kk';
    if (kazakhWeight > 0 && kazakhShare >= 0.03) {
      // Borderline: let the trigram model choose between the two.
      return franc(sample, { minLength: 10, only: ['rus', 'kaz'] }) === 'kaz' ? 'kk' : 'ru';
    }
    if (ukrainian >= 2 && ukrainian / cyrillic >= 0.004) return 'uk';
    // Only a Ukrainian or Belarusian guess overrides Russian-only letters, and neither comes without
    // their own letters: the trigram model (about 1 ms here) has nothing left to decide.
    if (russian > 0 && !UKRAINIAN_OR_BELARUSIAN.test(sample)) return 'ru';
    const guess = franc(sample, { minLength: 10, only: ['rus', 'ukr', 'bel', 'bul', 'srp', 'mkd', 'kaz', 'kir', 'tat', 'bak', 'tgk', 'khk'] });
    const code = ISO3_TO_1[guess] ?? null;
    // Without Kazakh letters, franc's Kazakh guess is Russian; Russian-only letters confirm it.
    if (code === 'kk' || (russian > 0 && code !== 'uk' && code !== 'be')) return 'ru';
    return code ?? 'ru';
  }

  const turkish = count(sample, TURKISH_ONLY);
  if (turkish >= 2 && turkish / latin >= 0.005) {
    // Azerbaijani shares ğ/ş/ı but has ə.
    return /[əƏ]/u.test(sample) ? 'az' : 'tr';
  }
  // Text this full of English function words is English whatever the trigrams say (short English
  // snippets get confused with Scots, Latin-script pidgins and the like), so the trigram model, with
  // its ~55 candidates the costliest step here (~1.7 ms a page), is asked only about the rest.
  const words = sample.toLowerCase().match(/\p{L}+/gu) ?? [];
  const english = words.filter((w) => ENGLISH_STOPWORDS.has(w)).length;
  if (words.length >= 3 && english / words.length >= 0.2) return 'en';
  const guess = franc(sample, { minLength: 10, only: LATIN_SCRIPT_CANDIDATES });
  if (guess === 'und') return null;
  return ISO3_TO_1[guess] ?? null;
}

const ENGLISH_STOPWORDS = new Set([
  'the', 'and', 'of', 'to', 'in', 'is', 'that', 'for', 'it', 'with', 'as', 'was', 'on', 'are', 'be', 'this',
  'by', 'at', 'from', 'or', 'an', 'have', 'has', 'not', 'but', 'they', 'which', 'you', 'we', 'their', 'were',
]);

export interface LanguageInput {
  bodyText: string;
  title: string | null;
  lead: string | null;
  htmlLang: string | null | undefined;
  ogLocale: string | null | undefined;
  contentLanguage: string | null | undefined;
}

export function chooseLanguage(input: LanguageInput): string | null {
  const declared =
    normalizeLanguageTag(input.htmlLang) ?? normalizeLanguageTag(input.ogLocale) ?? normalizeLanguageTag(input.contentLanguage);
  const body = input.bodyText.trim();
  if (body.length >= 40) {
    const detected = detectLanguage(body);
    if (detected) return detected;
  }
  const fallbackText = [input.title, input.lead, body].filter(Boolean).join('. ');
  if (fallbackText.length >= 40) {
    const detected = detectLanguage(fallbackText);
    // On short texts a declared language that agrees on the script is more trustworthy than trigrams.
    if (detected && declared && sameScriptFamily(detected, declared) && detected !== 'kk' && declared !== 'kk') return declared;
    if (detected) return detected;
  }
  return declared;
}

const CYRILLIC_LANGS = new Set(['ru', 'uk', 'be', 'bg', 'sr', 'mk', 'kk', 'ky', 'tt', 'ba', 'tg', 'mn']);
function sameScriptFamily(a: string, b: string): boolean {
  return CYRILLIC_LANGS.has(a) === CYRILLIC_LANGS.has(b);
}
