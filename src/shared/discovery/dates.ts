/**
 * Dates in feeds and sitemaps → ISO-8601 UTC. Offset-less timestamps ("2024-10-10 14:00") are
 * read in the source's time zone, never in the crawler host's: `Date.parse` alone would use the
 * process TZ and make results depend on where the worker runs.
 */

const EXPLICIT_ZONE = /(?:Z|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC|UT|[ECMP][SD]T)\b)\s*$/i;
const HAS_TIME = /\d{1,2}:\d{2}/;
const ISO_LOCAL = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

export function toIsoUtc(raw: string | undefined, timeZone = 'UTC'): string | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  if (EXPLICIT_ZONE.test(text) || !HAS_TIME.test(text)) return fromMs(Date.parse(text));
  // Read the wall-clock time as UTC, then shift by the zone's offset at that moment.
  const iso = ISO_LOCAL.exec(text);
  const asUtc = Date.parse(iso ? `${iso[1]}T${iso[2]}Z` : `${text} GMT`);
  if (Number.isNaN(asUtc)) return undefined;
  const firstGuess = asUtc - zoneOffsetMs(asUtc, timeZone);
  // Second pass settles instants next to a DST change.
  return fromMs(asUtc - zoneOffsetMs(firstGuess, timeZone));
}

function fromMs(ms: number): string | undefined {
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Offset of `timeZone` from UTC at instant `ms`, in ms (Asia/Almaty → +5 h). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((part) => part.type === type)?.value);
  const wallClock = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wallClock - Math.floor(ms / 1000) * 1000;
}
