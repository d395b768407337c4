export { foldCase } from './fold.js';
export { normalizeForFingerprint, contentFingerprint } from './fingerprint.js';
export { tokenize } from './tokenize.js';
export type { TokenizeOptions, TokenizerLanguage } from './tokenize.js';
export { simhash, simhashOfTokens, hammingDistance, isSimhash, EMPTY_SIMHASH, DEFAULT_SHINGLE_SIZE } from './simhash.js';
export type { SimHashOptions } from './simhash.js';
export {
  minhash,
  minhashOfTokens,
  minhashValues,
  estimateJaccard,
  encodeSignature,
  decodeSignature,
  isMinhash,
  MINHASH_BINS,
  DEFAULT_MINHASH_SHINGLE_SIZE,
} from './minhash.js';
export type { MinHashOptions } from './minhash.js';
export { bandKeys, simhashBandKeys, guaranteedHamming, DEFAULT_LSH_SCHEME, DEFAULT_SIMHASH_BAND_SCHEME } from './bands.js';
export type { LshScheme, BandScheme } from './bands.js';
export { decideDuplicate, decideRevision, DEFAULT_MIN_JACCARD, DEFAULT_MAX_HAMMING } from './decide.js';
export type {
  DocumentFingerprints,
  DuplicateCandidate,
  DuplicateDecision,
  DecideOptions,
  FingerprintHistoryEntry,
  RevisionState,
  RevisionDecision,
  RevisionOptions,
} from './decide.js';
export { fingerprintText } from './document.js';
export type { TextFingerprints } from './document.js';
