import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { packageRoot } from '../shared/package-root.js';

/** The dashboard is a few static files (no build step); only these names are ever served. */
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

/** Allows the dashboard's own scripts, styles and fetches only: article HTML can never run script. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: https: http:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * Next to the compiled module when a build copied it there (dist/dashboard), else the sources'
 * folder (running from src/ with tsx, or an install that ships src/dashboard).
 */
export function dashboardDir(): string | null {
  const candidates = [path.join(import.meta.dirname, '..', 'dashboard'), path.join(packageRoot(), 'src', 'dashboard')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? null;
}

export function registerDashboard(app: FastifyInstance, dir = dashboardDir()): void {
  if (dir === null) app.log.warn('dashboard files not found (src/dashboard): / answers 503, the API works');
  for (const [route, { file, type }] of Object.entries(FILES)) {
    app.get(route, async (_request, reply) => {
      if (dir === null) return reply.code(503).send({ error: 'the dashboard files are not installed (src/dashboard); the API under /api works' });
      const body = await readFile(path.join(dir, file));
      return reply
        .header('content-type', type)
        .header('content-security-policy', CONTENT_SECURITY_POLICY)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-cache')
        .send(body);
    });
  }
}
