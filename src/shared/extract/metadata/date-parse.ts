/**
 * Parsing date strings into UTC instants: machine formats (ISO 8601, compact, RFC 2822) and
 * human dates with month names in English, Turkish, Russian and Kazakh or numeric day-month-year.
 */
import { zoneOffsetForWallTime } from './time-zone.js';

export interface ParsedDate {
  /** ISO UTC instant. */
  iso: string;
  /** Offset in minutes that the source stated, null when none was stated. */
  offsetMinutes: number | null;
  /** True when only a calendar day (no time of day) was found. */
  dateOnly: boolean;
  /** Position of the match in the scanned text (text scanning only). */
  index: number;
}

export interface DateParseOptions {
  /** Offset applied to dates that state none (a page- or source-level default); UTC when absent. */
  defaultOffsetMinutes?: number | null;
  /** IANA zone of the source's wall-clock times; wins over `defaultOffsetMinutes` and follows DST. */
  timeZone?: string | null;
  /** Day/month order for ambiguous slash dates (03/04/2024): 'mdy' on English pages. */
  slashOrder?: 'dmy' | 'mdy';
}

export const MIN_YEAR = 1995;
const MAX_YEAR = 2100;

// Month names by number; each entry lists full, inflected, ASCII-folded and short spellings.
const MONTH_WORDS: string[][] = [
  ['january', 'jan', 'ocak', 'oca', 'января', 'январь', 'янв', 'қаңтар', 'қаңтардың', 'қаңтарда'],
  ['february', 'feb', 'şubat', 'subat', 'şub', 'февраля', 'февраль', 'фев', 'ақпан', 'ақпанның', 'ақпанда'],
  ['march', 'mar', 'mart', 'марта', 'март', 'мар', 'наурыз', 'наурыздың', 'наурызда'],
  ['april', 'apr', 'nisan', 'nis', 'апреля', 'апрель', 'апр', 'сәуір', 'сәуірдің', 'сәуірде'],
  ['may', 'mayıs', 'mayis', 'мая', 'май', 'мамыр', 'мамырдың', 'мамырда'],
  ['june', 'jun', 'haziran', 'haz', 'июня', 'июнь', 'июн', 'маусым', 'маусымның', 'маусымда'],
  ['july', 'jul', 'temmuz', 'tem', 'июля', 'июль', 'июл', 'шілде', 'шілденің', 'шілдеде'],
  ['august', 'aug', 'ağustos', 'agustos', 'ağu', 'августа', 'август', 'авг', 'тамыз', 'тамыздың', 'тамызда'],
  ['september', 'sep', 'sept', 'eylül', 'eylul', 'eyl', 'сентября', 'сентябрь', 'сен', 'сент', 'қыркүйек', 'қыркүйектің', 'қыркүйекте'],
  ['october', 'oct', 'ekim', 'eki', 'октября', 'октябрь', 'окт', 'қазан', 'қазанның', 'қазанда'],
  ['november', 'nov', 'kasım', 'kasim', 'kas', 'ноября', 'ноябрь', 'ноя', 'нояб', 'қараша', 'қарашаның', 'қарашада'],
  ['december', 'dec', 'aralık', 'aralik', 'ara', 'декабря', 'декабрь', 'дек', 'желтоқсан', 'желтоқсанның', 'желтоқсанда'],
];

const MONTH_BY_WORD = new Map<string, number>();
MONTH_WORDS.forEach((words, i) => words.forEach((w) => MONTH_BY_WORD.set(w, i + 1)));

// Longest first so "sept" wins over "sep" and "қазанның" over "қазан".
const MONTH_ALTERNATION = [...MONTH_BY_WORD.keys()].sort((a, b) => b.length - a.length).join('|');

// \b does not know Cyrillic or Turkish letters, so word edges are spelled out with lookarounds.
const L = '\\p{L}';
const MONTH = `(?<!${L})(${MONTH_ALTERNATION})(?!${L})\\.?`;
const DAY = '(\\d{1,2})(?:st|nd|rd|th|-?го|-?е|\\.)?';
const YEAR = '(\\d{4})';

const DAY_MONTH_YEAR = new RegExp(`(?<!\\d)${DAY}\\s*${MONTH},?\\s+${YEAR}(?!\\d)`, 'giu');
const MONTH_DAY_YEAR = new RegExp(`${MONTH}\\s+${DAY},?\\s+${YEAR}(?!\\d)`, 'giu');
// Kazakh writes the year first: "2024 жылғы 10 қазан".
const YEAR_DAY_MONTH = new RegExp(`(?<!\\d)${YEAR}\\s*(?:ж\\.|жылғы|жылы|жыл)?\\s+(\\d{1,2})\\s*${MONTH}`, 'giu');
const NUMERIC_DMY = /(?<![\d.\/-])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?![\d])/g;
const NUMERIC_YMD = /(?<![\d.\/-])(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?![\d])/g;

// A time of day right after a date, allowing a weekday, "года", "at", "saat", commas and separators between.
const TIME_AFTER = new RegExp(
  `^(?:\\s|,|\\||-|–|—|/|\\(|${L}{0,12}\\.?){0,6}?(\\d{1,2})[:.](\\d{2})(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.)?`,
  'iu',
);
const TIME_BEFORE = /(\d{1,2}):(\d{2})(?::\d{2})?\s*[,|/–—-]?\s*$/;
const ZONE_AFTER =
  /^\s*\(?\s*(?:(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?|([+-])(\d{2}):?(\d{2})(?!\d)|(Z|GMT|UTC)(?![A-Za-z])|(MSK|TRT|ALMT|AQTT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|CET|CEST|EET|EEST|BST)(?![A-Za-z]))/i;

const NAMED_ZONES: Record<string, number> = {
  MSK: 180, TRT: 180, ALMT: 300, AQTT: 300, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420,
  MDT: -360, PST: -480, PDT: -420, CET: 60, CEST: 120, EET: 120, EEST: 180, BST: 60,
};

function validParts(year: number, month: number, day: number, hour = 0, minute = 0): boolean {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** Offset for a wall-clock time that states no zone: the source's zone, else the default offset, else UTC. */
function assumedOffset(options: DateParseOptions, year: number, month: number, day: number, hour: number, minute: number): number {
  if (options.timeZone) {
    const zoned = zoneOffsetForWallTime(options.timeZone, Date.UTC(year, month - 1, day, hour, minute));
    if (zoned !== null) return zoned;
  }
  return options.defaultOffsetMinutes ?? 0;
}

/** Builds the UTC instant of a wall-clock time at `offsetMinutes` east of UTC. */
function toInstant(year: number, month: number, day: number, hour: number, minute: number, second: number, offsetMinutes: number): string {
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  return new Date(ms).toISOString();
}

function parseOffset(sign: string, hours: string, minutes: string | undefined): number {
  const total = Number(hours) * 60 + Number(minutes ?? 0);
  return sign === '-' ? -total : total;
}

/** Reads a zone designator at the start of `rest`; undefined when none. */
function zoneAt(rest: string): { offset: number; length: number } | undefined {
  const m = ZONE_AFTER.exec(rest);
  if (!m) return undefined;
  if (m[1] && m[2]) return { offset: parseOffset(m[1], m[2], m[3]), length: m[0].length };
  if (m[4] && m[5]) return { offset: parseOffset(m[4], m[5], m[6]), length: m[0].length };
  if (m[7]) return { offset: 0, length: m[0].length };
  if (m[8]) return { offset: NAMED_ZONES[m[8].toUpperCase()] ?? 0, length: m[0].length };
  return undefined;
}

const ISO_DATE =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T\s]+(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?/i;

/**
 * Parses a machine-readable date (meta content, JSON-LD, `datetime` attribute, URL fragment).
 * Falls back to the human-date scanner for anything else.
 */
export function parseMachineDate(value: string, options: DateParseOptions = {}): ParsedDate | null {
  const text = value.trim();
  if (!text) return null;
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, zone] = iso;
    const year = Number(y), month = Number(mo), day = Number(d);
    const hour = Number(h ?? 0), minute = Number(mi ?? 0), second = Number(s ?? 0);
    if (!validParts(year, month, day, hour, minute)) return null;
    let offset: number | null = null;
    if (zone) {
      offset = zone.toUpperCase() === 'Z' ? 0 : parseOffset(zone[0]!, zone.slice(1, 3), zone.slice(3).replace(':', '') || undefined);
    }
    const applied = offset ?? (h === undefined ? 0 : assumedOffset(options, year, month, day, hour, minute));
    return {
      iso: toInstant(year, month, day, hour, minute, second, h === undefined ? 0 : applied),
      offsetMinutes: offset,
      dateOnly: h === undefined,
      index: 0,
    };
  }
  // Unix timestamps (seconds or milliseconds) appear in some data attributes.
  if (/^\d{10}(\d{3})?$/.test(text)) {
    const ms = text.length === 13 ? Number(text) : Number(text) * 1000;
    const date = new Date(ms);
    if (date.getUTCFullYear() < MIN_YEAR || date.getUTCFullYear() > MAX_YEAR) return null;
    return { iso: date.toISOString(), offsetMinutes: 0, dateOnly: false, index: 0 };
  }
  return findDatesInText(text, options)[0] ?? null;
}

function monthNumber(word: string): number | undefined {
  return MONTH_BY_WORD.get(word.toLocaleLowerCase('tr-TR')) ?? MONTH_BY_WORD.get(word.toLowerCase());
}

interface RawMatch {
  index: number;
  end: number;
  year: number;
  month: number;
  day: number;
}

function collectRawMatches(text: string, slashOrder: 'dmy' | 'mdy'): RawMatch[] {
  const found: RawMatch[] = [];
  const push = (index: number, end: number, year: number, month: number | undefined, day: number): void => {
    if (month === undefined || !validParts(year, month, day)) return;
    if (found.some((f) => index < f.end && end > f.index)) return; // overlapping an earlier, longer match
    found.push({ index, end, year, month, day });
  };
  for (const m of text.matchAll(DAY_MONTH_YEAR)) push(m.index, m.index + m[0].length, Number(m[3]), monthNumber(m[2]!), Number(m[1]));
  for (const m of text.matchAll(MONTH_DAY_YEAR)) push(m.index, m.index + m[0].length, Number(m[3]), monthNumber(m[1]!), Number(m[2]));
  for (const m of text.matchAll(YEAR_DAY_MONTH)) push(m.index, m.index + m[0].length, Number(m[1]), monthNumber(m[3]!), Number(m[2]));
  for (const m of text.matchAll(NUMERIC_YMD)) push(m.index, m.index + m[0].length, Number(m[1]), Number(m[3]), Number(m[4]));
  for (const m of text.matchAll(NUMERIC_DMY)) {
    let day = Number(m[1]), month = Number(m[3]);
    const ambiguous = day <= 12 && month <= 12;
    // Dots and dashes are day-first everywhere we care about; slashes are month-first in US English.
    if (day <= 12 && month > 12) [day, month] = [month, day];
    else if (ambiguous && m[2] === '/' && slashOrder === 'mdy') [day, month] = [month, day];
    push(m.index, m.index + m[0].length, Number(m[4]), month, day);
  }
  return found.sort((a, b) => a.index - b.index);
}

/** Every human-readable date in `text`, in order of appearance, with a nearby time and zone when present. */
export function findDatesInText(text: string, options: DateParseOptions = {}): ParsedDate[] {
  const results: ParsedDate[] = [];
  for (const raw of collectRawMatches(text, options.slashOrder ?? 'dmy')) {
    let hour = 0, minute = 0, second = 0, hasTime = false;
    let zone: { offset: number; length: number } | undefined;
    const after = text.slice(raw.end, raw.end + 40);
    const timeAfter = TIME_AFTER.exec(after);
    if (timeAfter && Number(timeAfter[1]) < 24 && Number(timeAfter[2]) < 60) {
      hour = Number(timeAfter[1]);
      minute = Number(timeAfter[2]);
      second = Number(timeAfter[3] ?? 0);
      const meridiem = timeAfter[4]?.toLowerCase().replace(/\./g, '');
      if (meridiem === 'pm' && hour < 12) hour += 12;
      if (meridiem === 'am' && hour === 12) hour = 0;
      hasTime = true;
      zone = zoneAt(after.slice(timeAfter[0].length));
    } else {
      const timeBefore = TIME_BEFORE.exec(text.slice(Math.max(0, raw.index - 14), raw.index));
      if (timeBefore && Number(timeBefore[1]) < 24 && Number(timeBefore[2]) < 60) {
        hour = Number(timeBefore[1]);
        minute = Number(timeBefore[2]);
        hasTime = true;
      }
      zone = zoneAt(after);
    }
    const offset = zone?.offset ?? null;
    const applied = hasTime ? (offset ?? assumedOffset(options, raw.year, raw.month, raw.day, hour, minute)) : 0;
    results.push({
      iso: toInstant(raw.year, raw.month, raw.day, hour, minute, second, applied),
      offsetMinutes: offset,
      dateOnly: !hasTime,
      index: raw.index,
    });
  }
  return results;
}

/** A date in a URL path: /2024/10/10/, /2024-10-10/, /20241010/ (year-month alone is too vague). */
export function dateFromUrl(url: string): ParsedDate | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const patterns = [
    // "+" and "%20" are spaces in a slug ("/articles/2025-12-15+Rust+GCC+backend").
    /(?:^|[/_+-])((?:19|20)\d{2})[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?=$|[/_.+-]|%20)/,
    /(?:^|[/_+-])((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=$|[/_.+-]|%20|\d{2,6}(?:$|[/_.+-]))/,
  ];
  for (const pattern of patterns) {
    const m = pattern.exec(path);
    if (!m) continue;
    const year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
    if (!validParts(year, month, day)) continue;
    return { iso: toInstant(year, month, day, 0, 0, 0, 0), offsetMinutes: null, dateOnly: true, index: 0 };
  }
  return null;
}
