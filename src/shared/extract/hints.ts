import { select } from 'cheerio-select';
import type { ExtractionHints } from './types.js';

/** Why a hint selector does not compile ("Expected name, found "), or undefined when it does. */
export function hintSelectorError(selector: string): string | undefined {
  try {
    // Compiling against no elements is how css-select checks a selector without a document.
    select(selector, []);
    return undefined;
  } catch (error) {
    return (error as Error).message.trim() || 'invalid selector';
  }
}

/** A per-site hint that cannot be used: caught when a profile is loaded or an extraction starts. */
export class InvalidHintError extends Error {
  override readonly name = 'InvalidHintError';
  constructor(
    readonly field: keyof ExtractionHints,
    readonly selector: string,
    readonly reason: string,
  ) {
    super(`extraction hint ${field} ${JSON.stringify(selector)} is not a usable CSS selector: ${reason}`);
  }
}

/** Throws InvalidHintError for the first selector among the hints that does not compile. */
export function assertUsableHints(hints: ExtractionHints | undefined): void {
  if (!hints) return;
  for (const field of ['body', 'title', 'date', 'author'] as const) {
    const selector = hints[field];
    const reason = selector === undefined ? undefined : hintSelectorError(selector);
    if (selector !== undefined && reason) throw new InvalidHintError(field, selector, reason);
  }
  for (const selector of hints.remove ?? []) {
    const reason = hintSelectorError(selector);
    if (reason) throw new InvalidHintError('remove', selector, reason);
  }
}
