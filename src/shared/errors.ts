import { isFetchError } from './fetch/errors.js';
import type { Outcome } from './outcome.js';

/**
 * A failure classified where it arose: which outcome it means and whether retrying can help.
 * The fetch core throws `FetchError`; later stages throw `StageError`; both carry the same facts.
 */
export class StageError extends Error {
  override readonly name = 'StageError';
  constructor(
    readonly code: Outcome,
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface Classified {
  code: Outcome;
  permanent: boolean;
  message: string;
  retryAfterMs?: number;
  status?: number;
}

/** Unclassified errors (a database away, a bug) are transient: retried, then given up on. */
export function classify(error: unknown): Classified {
  if (isFetchError(error)) {
    return {
      code: error.code,
      permanent: error.permanent,
      message: error.message,
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      ...(error.status !== undefined ? { status: error.status } : {}),
    };
  }
  if (error instanceof StageError) return { code: error.code, permanent: error.permanent, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'gave-up-after-retries', permanent: false, message };
}
