/**
 * Loading `sources/*.json`. Every problem in every file is collected before failing, so
 * `newsflow sources --check` shows the whole list at once; each line names the file, the JSON
 * path and what is wrong: `sources/akorda.json: startUrls[0]: must be an http(s) URL`.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { sourceProfileSchema, type SourceProfile } from './schema.js';

export class SourceProfileError extends Error {
  override readonly name = 'SourceProfileError';

  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems in source profiles:\n${problems.join('\n')}`);
  }
}

/** Reads, validates and defaults every `*.json` in `dir`, sorted by file name. */
export async function loadSources(dir: string): Promise<SourceProfile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    throw new SourceProfileError([`${displayPath(dir)}: cannot read the sources directory: ${(error as Error).message}`]);
  }

  const problems: string[] = [];
  const profiles: SourceProfile[] = [];
  const fileById = new Map<string, string>();
  for (const name of names) {
    const file = displayPath(path.join(dir, name));
    const result = parseSourceProfile(await readFile(path.join(dir, name), 'utf8'), file);
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const earlier = fileById.get(result.profile.id);
    if (earlier) {
      problems.push(`${file}: id: duplicate id "${result.profile.id}" (already used by ${earlier})`);
      continue;
    }
    fileById.set(result.profile.id, file);
    profiles.push(result.profile);
  }
  if (problems.length > 0) throw new SourceProfileError(problems);
  return profiles;
}

export type ParseSourceResult = { ok: true; profile: SourceProfile } | { ok: false; problems: string[] };

/** Validates one profile's JSON text; `label` prefixes every problem (normally the file path). */
export function parseSourceProfile(jsonText: string, label: string): ParseSourceResult {
  let data: unknown;
  try {
    data = JSON.parse(jsonText);
  } catch (error) {
    return { ok: false, problems: [`${label}: invalid JSON: ${(error as Error).message}`] };
  }
  // reportInput lets invalid_type issues say what was found ("got number").
  const parsed = sourceProfileSchema.safeParse(data, { reportInput: true });
  if (parsed.success) return { ok: true, profile: parsed.data };
  return { ok: false, problems: parsed.error.issues.flatMap((issue) => describeIssue(issue).map((problem) => `${label}: ${problem}`)) };
}

/** `startUrls[0]: must be an http(s) URL` — JSON path, then the problem in plain words (one line per unknown key). */
export function describeIssue(issue: z.core.$ZodIssue): string[] {
  const where = formatPath(issue.path);
  const prefix = where ? `${where}: ` : '';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${prefix}unknown key "${key}"`);
    case 'invalid_type': {
      if (issue.input === undefined) return [`${prefix}is required`];
      // 1.5 for an integer field: the value says more than its type.
      const found = issue.expected === 'int' && typeof issue.input === 'number' ? String(issue.input) : typeName(issue.input);
      return [`${prefix}must be ${article(issue.expected)}, got ${found}`];
    }
    default:
      return [`${prefix}${issue.message}`];
  }
}

function formatPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    return out ? `${out}.${String(segment)}` : String(segment);
  }, '');
}

function article(expected: string): string {
  if (expected === 'int') return 'an integer';
  if (expected === 'array' || expected === 'object') return `an ${expected}`;
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}
