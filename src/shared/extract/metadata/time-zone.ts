/** UTC offsets of IANA time zones at a given wall-clock time, from the runtime's tz database (no clock read). */

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(timeZone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      // An unknown zone name in a profile must not break extraction: callers fall back to their default.
      f = null;
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Minutes east of UTC that `timeZone` is at the instant `utcMs`; null for an unknown zone. */
function offsetAtInstant(timeZone: string, utcMs: number): number | null {
  const f = formatter(timeZone);
  if (!f) return null;
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']! % 24, parts['minute']!, parts['second']!);
  return Math.round((wall - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * Offset (minutes east of UTC) of `timeZone` for a wall-clock time given as if it were UTC
 * (`Date.UTC(y, m - 1, d, h, mi)`). Two passes settle times next to a DST change.
 */
export function zoneOffsetForWallTime(timeZone: string, wallAsUtcMs: number): number | null {
  const first = offsetAtInstant(timeZone, wallAsUtcMs);
  if (first === null) return null;
  const second = offsetAtInstant(timeZone, wallAsUtcMs - first * 60_000);
  return second ?? first;
}
