export {
  canonicalizeUrl,
  tryCanonicalizeUrl,
  urlKey,
  normalizePercentEncoding,
  InvalidUrlError,
  MAX_URL_LENGTH,
  TRACKING_PARAMS,
} from './canonicalize.js';
export type { CanonicalizeOptions, InvalidUrlReason, TryCanonicalizeResult } from './canonicalize.js';
export { registrableDomain, sameSite } from './site.js';
export { variantBaseUrl } from './variants.js';
export { chooseCanonical } from './choose-canonical.js';
export type { CanonicalEvidence, CanonicalChoice } from './choose-canonical.js';
