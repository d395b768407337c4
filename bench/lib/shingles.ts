/**
 * Body scoring convention of the ScrapingHub article-extraction benchmark: Unicode `\w+` tokens
 * (case kept), 4-word shingles with counts, per-page TP/FP/FN normalised by their sum.
 */
const TOKEN = /[\p{L}\p{N}\p{M}\p{Pc}]+/gu;
const SHINGLE = 4;

export function shingles(text: string): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const out = new Map<string, number>();
  if (tokens.length === 0) return out;
  // Fewer tokens than one shingle: the whole text is one shingle.
  const n = Math.max(1, tokens.length - SHINGLE + 1);
  for (let i = 0; i < n; i++) {
    const key = tokens.slice(i, i + SHINGLE).join(' ');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

export interface PageCounts {
  tp: number;
  fp: number;
  fn: number;
}

export function compareBodies(predicted: string, truth: string): PageCounts {
  const p = shingles(predicted);
  const t = shingles(truth);
  let tp = 0;
  let fp = 0;
  for (const [key, count] of p) {
    const shared = Math.min(count, t.get(key) ?? 0);
    tp += shared;
    fp += count - shared;
  }
  let truthTotal = 0;
  for (const count of t.values()) truthTotal += count;
  const fn = truthTotal - tp;
  const sum = tp + fp + fn;
  return sum === 0 ? { tp: 0, fp: 0, fn: 0 } : { tp: tp / sum, fp: fp / sum, fn: fn / sum };
}

export interface BodyScore {
  precision: number;
  recall: number;
  f1: number;
  pages: number;
}

/** Precision over pages with any predicted shingle, recall over pages with any truth shingle. */
export function aggregate(pages: PageCounts[]): BodyScore {
  let pSum = 0;
  let pN = 0;
  let rSum = 0;
  let rN = 0;
  for (const c of pages) {
    const perfect = c.fp === 0 && c.fn === 0;
    if (c.tp + c.fp > 0 || perfect) {
      pSum += perfect ? 1 : c.tp / (c.tp + c.fp);
      pN++;
    }
    if (c.tp + c.fn > 0 || perfect) {
      rSum += perfect ? 1 : c.tp / (c.tp + c.fn);
      rN++;
    }
  }
  const precision = pN ? pSum / pN : 0;
  const recall = rN ? rSum / rN : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, pages: pages.length };
}
