import type { ExtractionHints } from '../extract/types.js';
import type { SourceProfile } from './schema.js';

/**
 * What a source's profile tells the extractor: its selectors and the zone of its shown times.
 * UTC is the profile's default, i.e. "not stated", and is left out so that a page's own offset
 * handling stays as it is for sources that never named a zone.
 */
export function extractionHintsFor(profile: SourceProfile | undefined): ExtractionHints | undefined {
  if (!profile) return undefined;
  const timeZone = profile.timeZone && profile.timeZone !== 'UTC' ? profile.timeZone : undefined;
  if (!profile.extraction && !timeZone) return undefined;
  return { ...profile.extraction, ...(timeZone ? { timeZone } : {}) };
}
