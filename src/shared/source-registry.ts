import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadSources } from './sources/load.js';
import type { SourceProfile } from './sources/schema.js';
import { packageRoot } from './package-root.js';

/**
 * The folder of source profiles: as configured when it exists, else the profiles shipped with
 * newsflow (so `npx newsflow enqueue --source akorda` works from any folder).
 */
export function resolveSourcesDir(configured: string): string {
  if (path.isAbsolute(configured) || existsSync(configured)) return configured;
  return path.join(packageRoot(), configured);
}

/** Every profile, validated; a broken profile stops the caller with a message naming file and field. */
export async function loadSourceProfiles(configured: string): Promise<SourceProfile[]> {
  const dir = resolveSourcesDir(configured);
  return existsSync(dir) ? loadSources(dir) : [];
}
