/**
 * Every URL that enters the pipeline ends with exactly one recorded outcome.
 * These codes are stored in the `fetches` collection and shown by `newsflow status`: add, never rename.
 */
export const OUTCOMES = [
  'stored',
  'revised',
  'unchanged',
  'duplicate',
  'not-modified',
  'not-article',
  'discovered',
  'robots-disallowed',
  'ssrf-blocked',
  'http-4xx',
  'http-5xx',
  'gave-up-after-retries',
  'too-large',
  'unsupported-type',
  'decode-error',
  'parse-error',
  'timeout',
  'network-error',
  'too-many-redirects',
  'redirect-loop',
  'invalid-url',
] as const;

export type Outcome = (typeof OUTCOMES)[number];
