/** Cleaning and validating person names taken from bylines, meta tags and JSON-LD. */
import { cleanText, comparable, looksLikeUrl } from './text.js';

// Site accounts and desk names: kept only when no named reporter is found.
const GENERIC_ACCOUNTS = new Set([
  'editör', 'editor', 'editors', 'admin', 'administrator', 'redaksiyon', 'redaktör', 'редакция', 'редактор',
  'staff', 'staff writer', 'staff reporter', 'newsroom', 'news desk', 'web desk', 'desk', 'haber merkezi',
  'haber', 'merkez', 'team', 'guest', 'guest author', 'author', 'anonymous', 'unknown', 'webmaster', 'site admin',
  'редакция сайта', 'корреспондент', 'администратор', 'админ', 'редакциясы', 'тілші', 'муhabir', 'muhabir',
  'yazar', 'internet haber', 'editorial', 'editorial team', 'editorial staff', 'the editors', 'contributor',
  'contributors', 'press release', 'agency', 'ajans', 'агентство', 'user', 'root', 'wpadmin', 'wordpress',
]);

// Words that appear in byline containers but are never names (menus, share buttons, labels).
const NON_NAME_WORDS =
  /^(home|menu|login|log in|sign in|sign up|register|subscribe|share|tweet|print|email|e-mail|comments?|reply|follow|more|read more|see all|view all|all posts|posts|articles|profile|biography|bio|contact|about|search|close|open|next|previous|prev|ana sayfa|anasayfa|giriş|üye ol|paylaş|yorum(lar)?|tüm yazıları|yazıları|главная|войти|поделиться|комментари\p{L}*|подписаться|все материалы|басты бет|кіру|бөлісу|published|updated|posted|yayınlanma|güncelleme|опубликовано|обновлено|жарияланды|min read|minute read|read|listen|advertisement|reklam)$/iu;

const BYLINE_PREFIX =
  /^(?:(?:posted|published|written|written and edited|reported|edited|photographed|compiled|text|words|story|reporting)\s+by|by|von|par|por|от|автор(?:ы)?|текст|авторлар|автор материала|haber|muhabir|yazar|yazan|yazı|editör|author(?:s)?|reporter|мақала авторы|авторы|тілші|корреспондент)\s*[:\-–—]?\s+/iu;

/** Strips byline prefixes, trailing roles/dates and decoration from one name candidate. */
export function cleanName(raw: string): string {
  let name = cleanText(raw)
    .replace(/^[\s•·|:,;–—-]+|[\s•·|:,;–—-]+$/g, '')
    .replace(/^@/, '')
    // "AuthorJane Doe": a label glued to the name by the markup.
    .replace(/^(?:Author|Authors|Written by|By|Yazar|Автор)(?=\p{Lu})/u, '');
  for (let i = 0; i < 2; i++) name = name.replace(BYLINE_PREFIX, '');
  name = name
    // "Jane Doe, Staff Writer" / "Jane Doe | Reuters" keep the person.
    .replace(/\s*[|•·]\s*.*$/u, '')
    .replace(/\s*\((?:[^)]*)\)\s*$/u, '')
    .replace(/\s+(?:is|has|was)\s.*$/iu, '')
    .replace(/^[\s"'“”«»]+|[\s"'“”«».,;:]+$/gu, '');
  return name;
}

const DATE_LIKE = /\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|(?:^|\s)\d{1,2}\s+\p{L}+\s+\d{4}|\p{L}+\s+\d{1,2},\s*\d{4}/u;

/** True for strings that can be a person's (or an agency's) name. */
export function isPlausibleName(name: string): boolean {
  if (name.length < 2 || name.length > 60) return false;
  if (looksLikeUrl(name) || /\.(com|net|org|ru|kz|tr|io)\b/i.test(name) || name.includes('@')) return false;
  if (DATE_LIKE.test(name)) return false;
  if (NON_NAME_WORDS.test(name)) return false;
  if (!/\p{L}/u.test(name)) return false;
  const words = name.split(/\s+/);
  if (words.length > 6) return false;
  // Sentences are not names: too many lower-case function words.
  const lowerWords = words.filter((w) => /^\p{Ll}/u.test(w) && !/^(de|da|del|van|von|der|di|du|la|le|bin|ibn|al|el|y|e|oğlu|ter|ten)$/i.test(w));
  if (words.length >= 3 && lowerWords.length > words.length / 2) return false;
  if (/\d{3,}/.test(name)) return false;
  // "5 min read", "August 28": a number as a separate word is never part of a name.
  if (words.length > 1 && words.some((w) => /^\d+\p{L}{0,4}$/u.test(w))) return false;
  if (/\b(min|mins|minute|minutes|dk|мин)\b.*\b(read|okuma|чтения)\b/iu.test(name)) return false;
  return true;
}

export function isGenericAccount(name: string, siteName: string | null): boolean {
  const key = comparable(name);
  if (GENERIC_ACCOUNTS.has(key)) return true;
  if (siteName) {
    const site = comparable(siteName);
    if (key === site || (site.length > 3 && (key.includes(site) || site.includes(key)) && key.length > 3)) return true;
  }
  return /^(?:\p{L}+\s+)?(?:haber merkezi|news desk|desk|newsroom|редакция|staff)$/iu.test(key);
}

/** Splits "A and B", "A, B", "A и B", "A ve B", "A & B", "A және B" into names. */
export function splitNames(value: string): string[] {
  return value
    .split(/\s*(?:,|;|\/|&|\+|\s(?:and|und|et|ve|ile|и|және|мен|with)\s)\s*/iu)
    .map(cleanName)
    .filter((part) => part.length > 0);
}

/** Cleans, splits and validates a raw author string into names. */
export function namesFrom(raw: string): string[] {
  const cleaned = cleanName(raw);
  if (!cleaned) return [];
  // Single-name strings that contain a comma are often "Last, First" — but "A, B" lists are more common in bylines.
  return splitNames(cleaned).filter(isPlausibleName);
}
