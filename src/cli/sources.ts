import type { SourceProfile } from '../shared/sources/schema.js';
import { loadSourceProfiles } from '../shared/source-registry.js';
import { CliError, type CliContext } from './context.js';

export async function findSource(ctx: CliContext, id: string): Promise<SourceProfile> {
  const profiles = await loadSourceProfiles(ctx.config.sourcesDir);
  const profile = profiles.find((candidate) => candidate.id === id);
  if (!profile) throw new CliError(`unknown source "${id}"; known: ${profiles.map((candidate) => candidate.id).join(', ') || 'none'}`);
  return profile;
}
