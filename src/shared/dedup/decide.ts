/**
 * Pure deduplication decisions: given a document's fingerprints and the candidates the index
 * returned, is it an exact copy, a near-duplicate (and of which cluster), or new? And, for the same
 * URL fetched again, did its text change?
 */
import { estimateJaccard } from './minhash.js';
import { hammingDistance } from './simhash.js';

export interface DocumentFingerprints {
  /** `contentFingerprint()` of the text. */
  fingerprint: string;
  /** `simhash()` of the text. */
  simhash: string;
  /** `minhash()` of the text; when both sides have one, the decision uses it (the measured better signal). */
  minhash?: string | null;
  /** Optional: when given, the new document itself can become the cluster representative. */
  id?: string;
  publishedAt?: Date | null;
  firstSeenAt?: Date;
}

export interface DuplicateCandidate {
  id: string;
  fingerprint: string;
  simhash: string;
  minhash?: string | null;
  publishedAt?: Date | null;
  firstSeenAt: Date;
  /** Cluster the candidate belongs to; a candidate without one is the root of its own cluster. */
  clusterId?: string | null;
}

export type DuplicateDecision =
  | { kind: 'exact'; of: string }
  | {
      kind: 'near';
      clusterId: string;
      representative: string;
      /** SimHash Hamming distance to the nearest candidate. */
      distance: number;
      /** Estimated Jaccard similarity to it, or null when the match was decided by SimHash. */
      similarity: number | null;
    }
  | { kind: 'new' };

export interface DecideOptions {
  /** Smallest estimated Jaccard similarity counted as a near-duplicate (MinHash pairs). Default DEFAULT_MIN_JACCARD. */
  minJaccard?: number;
  /** Largest SimHash Hamming distance counted as a near-duplicate, for pairs where a side has no MinHash. Default DEFAULT_MAX_HAMMING. */
  maxHamming?: number;
}

/**
 * Measured on bench/dedup.ts: pairs that must match have true Jaccard ≥ 0.6, pairs that must not
 * ≤ 0.34; 0.5 sits in the middle of that gap, > 2.5 σ of the 128-bin estimate from both sides.
 */
export const DEFAULT_MIN_JACCARD = 0.5;
/**
 * SimHash fallback: 6 bits keeps precision at 1.0 on the bench (nearest negative: 13 bits) but
 * recalls only ~85 % of the edits that should match; it only applies to candidates stored
 * without a MinHash.
 */
export const DEFAULT_MAX_HAMMING = 6;

/**
 * Exact beats near: a candidate with the same content fingerprint is reported as `exact` (the
 * earliest such candidate). Otherwise a candidate is near when its estimated Jaccard similarity is
 * ≥ `minJaccard` (both sides have a MinHash) or else its SimHash distance is ≤ `maxHamming`. The
 * most similar near candidate picks the cluster (MinHash matches rank above SimHash-only ones;
 * ties: the earlier document), and the representative is that cluster's earliest member among
 * the candidates — or the new document itself when it is earlier still and has an `id`.
 *
 * "Earliest" orders by `publishedAt` when known, else `firstSeenAt`, then `firstSeenAt`, then id,
 * so the order is total and the same on every worker.
 */
export function decideDuplicate(
  document: DocumentFingerprints,
  candidates: readonly DuplicateCandidate[],
  options: DecideOptions = {},
): DuplicateDecision {
  const minJaccard = options.minJaccard ?? DEFAULT_MIN_JACCARD;
  const maxHamming = options.maxHamming ?? DEFAULT_MAX_HAMMING;
  const exact = candidates.filter((candidate) => candidate.fingerprint === document.fingerprint).sort(compareEarliest);
  if (exact.length > 0) return { kind: 'exact', of: exact[0]!.id };

  let nearest: NearMatch | null = null;
  for (const candidate of candidates) {
    const distance = hammingDistance(document.simhash, candidate.simhash);
    const similarity = document.minhash && candidate.minhash ? estimateJaccard(document.minhash, candidate.minhash) : null;
    const isNear = similarity !== null ? similarity >= minJaccard : distance <= maxHamming;
    if (!isNear) continue;
    const match: NearMatch = { candidate, distance, similarity };
    if (nearest === null || compareMatches(match, nearest) < 0) nearest = match;
  }
  if (nearest === null) return { kind: 'new' };

  const clusterId = clusterOf(nearest.candidate);
  const members = candidates.filter((candidate) => clusterOf(candidate) === clusterId).sort(compareEarliest);
  let representative = members[0]!.id;
  if (document.id !== undefined && document.firstSeenAt !== undefined) {
    const self: DuplicateCandidate = { ...document, id: document.id, firstSeenAt: document.firstSeenAt };
    if (compareEarliest(self, members[0]!) < 0) representative = document.id;
  }
  return { kind: 'near', clusterId, representative, distance: nearest.distance, similarity: nearest.similarity };
}

interface NearMatch {
  candidate: DuplicateCandidate;
  distance: number;
  similarity: number | null;
}

/** Negative when `a` is the better match. */
function compareMatches(a: NearMatch, b: NearMatch): number {
  if ((a.similarity === null) !== (b.similarity === null)) return a.similarity === null ? 1 : -1;
  if (a.similarity !== null && b.similarity !== null && a.similarity !== b.similarity) return b.similarity - a.similarity;
  if (a.distance !== b.distance) return a.distance - b.distance;
  return compareEarliest(a.candidate, b.candidate);
}

function clusterOf(candidate: DuplicateCandidate): string {
  return candidate.clusterId ?? candidate.id;
}

function compareEarliest(a: DuplicateCandidate, b: DuplicateCandidate): number {
  const timeA = (a.publishedAt ?? a.firstSeenAt).getTime();
  const timeB = (b.publishedAt ?? b.firstSeenAt).getTime();
  if (timeA !== timeB) return timeA - timeB;
  if (a.firstSeenAt.getTime() !== b.firstSeenAt.getTime()) return a.firstSeenAt.getTime() - b.firstSeenAt.getTime();
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface FingerprintHistoryEntry {
  fingerprint: string;
  simhash: string;
  seenAt: Date;
}

export interface RevisionState {
  /** Past versions of the text, oldest first; the last entry is the current one. */
  history: readonly FingerprintHistoryEntry[];
}

export type RevisionDecision =
  | { kind: 'first'; history: FingerprintHistoryEntry[] }
  | { kind: 'unchanged'; history: FingerprintHistoryEntry[] }
  | {
      kind: 'revised';
      /** Hamming distance between the previous and the new SimHash: small = a correction, large = rewritten. */
      distance: number;
      /** The new text equals an earlier (not the latest) version: the edit was rolled back. */
      reverted: boolean;
      history: FingerprintHistoryEntry[];
    };

export interface RevisionOptions {
  /** Versions kept (≥ 1); the oldest are dropped first. */
  maxHistory: number;
}

/**
 * The same URL fetched again. Unchanged when the exact fingerprint equals the latest version's
 * (history returned as is, so nothing needs writing); otherwise revised, with the new version
 * appended and the history trimmed to the newest `maxHistory` entries.
 */
export function decideRevision(
  previous: RevisionState | null | undefined,
  next: FingerprintHistoryEntry,
  options: RevisionOptions,
): RevisionDecision {
  if (!Number.isInteger(options.maxHistory) || options.maxHistory < 1) throw new RangeError(`maxHistory must be ≥ 1, got ${options.maxHistory}`);
  const history = [...(previous?.history ?? [])];
  const latest = history.at(-1);
  if (latest === undefined) return { kind: 'first', history: [next] };
  if (latest.fingerprint === next.fingerprint) return { kind: 'unchanged', history: history.slice(-options.maxHistory) };

  const reverted = history.slice(0, -1).some((entry) => entry.fingerprint === next.fingerprint);
  history.push(next);
  return {
    kind: 'revised',
    distance: hammingDistance(latest.simhash, next.simhash),
    reverted,
    history: history.slice(-options.maxHistory),
  };
}
