/**
 * Runs scripts/ferretdb-gin-indexes.sql against FerretDB's PostgreSQL database with psql, the way
 * an operator would after newsflow has created its collections.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/ferretdb-gin-indexes.sql', import.meta.url));

export type GinResult = { ok: true } | { ok: false; reason: string };

/** `database`: only that MongoDB database (FerretDB's PostgreSQL schema of the same name); default all. */
export function applyFerretDbGinIndexes(
  postgresUrl = process.env.NEWSFLOW_FERRETDB_POSTGRESQL_URL ?? 'postgres://postgres@127.0.0.1:5432/ferretdb',
  database?: string,
): GinResult {
  const options = ['-c client_min_messages=warning', ...(database ? [`-c newsflow.gin_database=${database}`] : [])].join(' ');
  const run = spawnSync('psql', [postgresUrl, '-q', '-v', 'ON_ERROR_STOP=1', '-f', SCRIPT], { encoding: 'utf8', env: { ...process.env, PGOPTIONS: options } });
  if (run.error) return { ok: false, reason: `psql could not start: ${run.error.message}` };
  if (run.status !== 0) return { ok: false, reason: `psql exited ${run.status}: ${run.stderr.trim()}` };
  return { ok: true };
}
