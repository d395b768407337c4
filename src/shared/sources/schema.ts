/**
 * Source profiles: one JSON file per site in `sources/`, describing where to start, what is in
 * scope and how often to come back. Strict — an unknown key is an error, because a misspelt
 * optional key ("exlude") would otherwise be silently ignored.
 */
import { z } from 'zod';
import { hintSelectorError } from '../extract/hints.js';
import type { ExtractionHints } from '../extract/types.js';

const HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?::\d{1,5})?$/;
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * include/exclude patterns are plain JavaScript regular expressions without flags, tested against
 * the whole URL (`href`, percent-encoded). One function compiles them for validation and for use.
 */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(pattern);
}

/** Why a pattern does not compile ("Unterminated group"), or undefined when it does. */
export function regexError(pattern: string): string | undefined {
  try {
    compilePattern(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /s, '');
  }
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const httpUrl = z.string().refine(isHttpUrl, { error: 'must be an http(s) URL' });

const regexString = z.string().superRefine((pattern, ctx) => {
  const problem = regexError(pattern);
  if (problem) ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${problem}` });
});

const urlListOrDiscover = z.union([z.literal('discover'), z.array(httpUrl)], {
  error: 'must be "discover" or an array of http(s) URLs',
});

const positiveMinutes = z.number().positive({ error: 'must be a positive number of minutes' });

export const recrawlSchema = z.strictObject({
  startPagesMinutes: positiveMinutes.default(30),
  feedsMinutes: positiveMinutes.default(15),
  sitemapsMinutes: positiveMinutes.default(360),
  /** Ages (hours after publication) at which a fresh article is fetched again, ascending. */
  freshArticleRefetchHours: z
    .array(z.number().positive({ error: 'must be a positive number of hours' }))
    .refine((hours) => hours.every((value, i) => i === 0 || value > hours[i - 1]!), { error: 'must be ascending' })
    .default([6, 24, 72]),
});

export const politenessSchema = z.strictObject({
  maxConcurrent: z.int().min(1).max(32).optional(),
  minIntervalMs: z.int().min(0).optional(),
  userAgent: z.string().min(1).optional(),
});

const selector = z
  .string()
  .trim()
  .min(1, { error: 'must be a non-empty CSS selector' })
  .superRefine((value, ctx) => {
    const problem = hintSelectorError(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `invalid CSS selector: ${problem}` });
  });

export const extractionHintsSchema = z.strictObject({
  body: selector.optional(),
  title: selector.optional(),
  date: selector.optional(),
  author: selector.optional(),
  remove: z.array(selector).optional(),
});

export const sourceProfileSchema = z
  .strictObject({
    id: z.string().regex(SLUG_PATTERN, { error: 'must be a slug (lower-case letters, digits, single hyphens)' }).max(64),
    name: z.string().trim().min(1, { error: 'must not be empty' }),
    /** Other names the site is credited under ("Акорда", "Ақорда"), for provenance. */
    aliases: z.array(z.string().trim().min(1)).default([]),
    startUrls: z.array(httpUrl).min(1, { error: 'must list at least one URL' }),
    allowedHosts: z
      .array(
        z
          .string()
          .transform((host) => host.trim().toLowerCase())
          .pipe(z.string().regex(HOST_PATTERN, { error: 'must be a host name, optionally with :port' })),
      )
      .min(1, { error: 'must list at least one host' }),
    languages: z
      .array(
        z.string().refine((code) => /^[a-z]{2}$/.test(code) && languageNames.of(code) !== code, {
          error: 'must be an ISO 639-1 code (two lower-case letters, e.g. "kk")',
        }),
      )
      .min(1, { error: 'must list at least one language' }),
    sitemaps: urlListOrDiscover.default('discover'),
    feeds: urlListOrDiscover.default('discover'),
    include: z.array(regexString).default([]),
    exclude: z.array(regexString).default([]),
    maxDepth: z.int({ error: 'must be an integer' }).min(0).max(10).default(2),
    recrawl: recrawlSchema.prefault({}),
    politeness: politenessSchema.prefault({}),
    timeZone: z.string().refine(isTimeZone, { error: 'must be an IANA time zone such as "Asia/Almaty"' }).default('UTC'),
    extraction: extractionHintsSchema.optional(),
  })
  .superRefine((profile, ctx) => {
    // A start URL outside allowedHosts could never be crawled: catch it at load time.
    profile.startUrls.forEach((startUrl, index) => {
      if (!isHttpUrl(startUrl)) return;
      const host = new URL(startUrl).host;
      if (!profile.allowedHosts.includes(host)) {
        ctx.addIssue({ code: 'custom', path: ['startUrls', index], message: `host "${host}" is not in allowedHosts` });
      }
    });
  });

export type SourceProfile = z.output<typeof sourceProfileSchema>;
/** What a profile file may contain (defaults not yet applied). */
export type SourceProfileInput = z.input<typeof sourceProfileSchema>;

// The hints are handed to the extractor as-is: keep the two shapes in step at compile time.
type AssertAssignable<T extends U, U> = T;
export type _ExtractionHintsInSync = AssertAssignable<NonNullable<SourceProfile['extraction']>, ExtractionHints>;
