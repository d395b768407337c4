import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Who may use the API. `NEWSFLOW_API_TOKEN` is read here rather than in the shared config: only
 * `newsflow serve` has a use for it. A short token is refused because it could be guessed.
 */
const tokenSchema = z
  .string()
  .trim()
  .min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 24`)')
  .max(512, 'must be at most 512 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
  .optional();

export class AccessConfigError extends Error {
  override name = 'AccessConfigError';
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1';
  return false;
}

/** The token to require (null: none), or an error saying why the server must not start. */
export function apiTokenFromEnv(env: NodeJS.ProcessEnv, host: string): string | null {
  const raw = env.NEWSFLOW_API_TOKEN;
  const parsed = tokenSchema.safeParse(raw === '' ? undefined : raw);
  if (!parsed.success) throw new AccessConfigError(`NEWSFLOW_API_TOKEN ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  const token = parsed.data ?? null;
  if (token === null && !isLoopbackHost(host)) {
    throw new AccessConfigError(
      `refusing to listen on ${host} without a token: anyone who can reach it could read the database and retry jobs. ` +
        'Set NEWSFLOW_API_TOKEN (at least 16 characters) or bind to 127.0.0.1.',
    );
  }
  return token;
}
