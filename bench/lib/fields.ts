/** How metadata fields are compared with the ground truth (printed by the bench). */
export const FIELD_RULES = {
  title: 'NFC + casefold + whitespace collapse; equal, or one contains the other with length ratio >= 0.8',
  author: 'token sets (NFC, casefold, \\p{L}+ tokens) overlap: >= half of the truth tokens present',
  date: 'same calendar day in UTC (truth date-only values taken as that day)',
};

function norm(s: string): string {
  return s.normalize('NFC').toLocaleLowerCase('und').replace(/\s+/g, ' ').trim();
}

export function titleMatches(predicted: string | null | undefined, truth: string): boolean {
  if (!predicted) return false;
  const a = norm(predicted);
  const b = norm(truth);
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length > 0 && long.includes(short) && short.length / long.length >= 0.8;
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

export function dateMatches(predicted: string | null | undefined, truth: string): boolean {
  if (!predicted) return false;
  const day = (s: string): string | null => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(s.trim())) return s.trim();
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
  };
  const a = day(predicted);
  return a !== null && a === day(truth);
}
