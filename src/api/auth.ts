import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Routes anyone may call: liveness only says "the process runs", nothing about the data. */
const PUBLIC_PATHS = new Set(['/healthz']);

export const TOKEN_COOKIE = 'newsflow_token';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function presentedToken(request: FastifyRequest): { token: string; via: 'header' | 'query' | 'cookie' } | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (match?.[1]) return { token: match[1], via: 'header' };
  const fromQuery = (request.query as Record<string, string> | undefined)?.token;
  if (fromQuery) return { token: fromQuery, via: 'query' };
  const fromCookie = cookieValue(request.headers.cookie, TOKEN_COOKIE);
  if (fromCookie) return { token: fromCookie, via: 'cookie' };
  return undefined;
}

/**
 * With a token configured, every route but /healthz needs `Authorization: Bearer <token>`,
 * `?token=<token>` or the cookie set after a `?token=` visit. The cookie is what lets the dashboard's
 * assets and Bull Board's own requests (which cannot add headers) through; it is HttpOnly and
 * SameSite=Strict, so another site can neither read it nor make the browser send it with a POST.
 */
export function installTokenAuth(app: FastifyInstance, token: string): void {
  const expected = digest(token);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (PUBLIC_PATHS.has(request.url.split('?')[0] ?? '')) return;
    const presented = presentedToken(request);
    // Compare digests of equal length in constant time: the token's length and prefix stay secret.
    if (!presented || !timingSafeEqual(digest(presented.token), expected)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="newsflow"')
        .send({ error: presented ? 'invalid token' : 'this server needs a token: Authorization: Bearer <token> or ?token=<token>' });
    }
    if (presented.via === 'query') {
      reply.header('set-cookie', `${TOKEN_COOKIE}=${encodeURIComponent(presented.token)}; Path=/; HttpOnly; SameSite=Strict`);
    }
  });
}
