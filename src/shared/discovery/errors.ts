/**
 * Failures of the discovery parsers (sitemaps, feeds). Codes are a subset of the pipeline's
 * outcome codes so a worker can record them unchanged.
 */
import type { Outcome } from '../outcome.js';

export type DiscoveryErrorCode = Extract<Outcome, 'parse-error' | 'decode-error' | 'too-large'>;

export class DiscoveryParseError extends Error {
  override readonly name = 'DiscoveryParseError';

  constructor(
    readonly code: DiscoveryErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
