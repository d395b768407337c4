/** How metadata fields are compared with the ground truth (printed by the bench). */
export const FIELD_RULES = {
  title:
    'NFC + casefold + whitespace collapse + typographic quotes/dashes folded to ASCII; equal, or the same sequence of ' +
    'letter/digit words (punctuation ignored), or one contains the other with ' +
    'length ratio >= 0.8, or the truth is the prediction plus leading/trailing segments of <= 8 words after " | ", " - ", ' +
    '" / ", " · ", " » " ("Title | Site": labels keep the site name about half the time, newsflow drops it)',
  author: 'token sets (NFC, casefold, \\p{L}+ tokens) overlap: >= half of the truth tokens present',
  date:
    'same calendar day in UTC (truth date-only values taken as that day), or a predicted instant with a time of day ' +
    'that lies in the truth day in some real zone (UTC-12..UTC+14): day labels are local days',
};

function norm(s: string): string {
  return s.normalize('NFC').toLocaleLowerCase('und').replace(/\s+/g, ' ').trim();
}

// Curly quotes, primes and the dash family are typography, not a different title.
function foldTypography(s: string): string {
  return s
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u00B4`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/\s*[-\u2010-\u2015\u2212]+\s*/g, (m) => (m.trim() === m ? '-' : ' - '));
}

// A site or section segment the truth label kept: "Title | Site", "Title - Site - Section", "Site | Title".
// A colon is left out: what follows it is a subtitle, part of the headline.
const SEGMENT_SEPARATOR = /^\s+(?:\||-|::|\/|·|•|»)\s+/u;
const SEGMENT_SEPARATOR_END = /\s+(?:\||-|::|\/|·|•|»)\s+$/u;
const wordSequence = (s: string): string => (s.match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
const words = (s: string): number => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

export function titleMatches(predicted: string | null | undefined, truth: string): boolean {
  if (!predicted) return false;
  const a = foldTypography(norm(predicted));
  const b = foldTypography(norm(truth));
  if (a === b) return true;
  // Punctuation is typography too: "Tee - 5001" / "Tee 5001", "not. - Defining" / "not. Defining".
  if (wordSequence(a) !== '' && wordSequence(a) === wordSequence(b)) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (short.length > 0 && long.includes(short) && short.length / long.length >= 0.8) return true;
  // Only the truth may carry the extra segment: a prediction that keeps "| Site" is still a miss.
  if (a.length < 3 || b.length <= a.length) return false;
  if (b.startsWith(a)) {
    const rest = b.slice(a.length);
    return SEGMENT_SEPARATOR.test(rest) && words(rest) <= 8;
  }
  if (b.endsWith(a)) {
    const rest = b.slice(0, b.length - a.length);
    return SEGMENT_SEPARATOR_END.test(rest) && words(rest) <= 8;
  }
  return false;
}

export function authorMatches(predicted: string[] | string | null | undefined, truth: string): boolean {
  const text = Array.isArray(predicted) ? predicted.join(' ') : predicted ?? '';
  const tokens = (s: string): Set<string> => new Set(norm(s).match(/\p{L}+/gu) ?? []);
  const want = tokens(truth);
  const got = tokens(text);
  if (want.size === 0 || got.size === 0) return false;
  let hit = 0;
  for (const t of want) if (got.has(t)) hit++;
  return hit / want.size >= 0.5;
}

// A day label is a calendar day in the page's own zone, unknown to the bench; real zones span UTC-12..UTC+14.
const EARLIEST_ZONE_MS = 14 * 3_600_000;
const LATEST_ZONE_MS = 12 * 3_600_000;

export function dateMatches(predicted: string | null | undefined, truth: string): boolean {
  if (!predicted) return false;
  const day = (s: string): string | null => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(s.trim())) return s.trim();
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
  };
  const a = day(predicted);
  const b = day(truth);
  if (a === null || b === null) return false;
  if (a === b) return true;
  // A predicted instant (with a time of day) that falls on the truth's day in some zone names the same day.
  const instant = Date.parse(predicted);
  if (/^\d{4}-\d{2}-\d{2}$/.test(predicted.trim()) || Number.isNaN(instant) || /T00:00:00(\.000)?Z$/.test(predicted)) return false;
  const start = Date.parse(`${b}T00:00:00Z`);
  return instant >= start - EARLIEST_ZONE_MS && instant < start + 86_400_000 + LATEST_ZONE_MS;
}
