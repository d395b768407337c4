import type { FastifyInstance } from 'fastify';
import { isLoopbackHost } from './access.js';

/** The header every write must carry; the dashboard sends it with its retry buttons. */
export const ACTION_HEADER = 'x-newsflow-action';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Defences for a server that other web pages in the same browser can send requests to:
 * - writes need a custom header, which a cross-site form or image cannot send and a cross-site
 *   fetch cannot send without a CORS preflight this server never approves;
 * - without a token, only requests addressed to a loopback name are served, so a site whose DNS
 *   name is rebound to 127.0.0.1 cannot read the API as if it were its own origin.
 */
export function installRequestGuards(app: FastifyInstance, options: { tokenRequired: boolean }): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!options.tokenRequired) {
      const host = (request.headers.host ?? '').replace(/:\d+$/, '');
      if (!isLoopbackHost(host)) {
        return reply.code(421).send({ error: `this server answers only to loopback host names without NEWSFLOW_API_TOKEN (got ${JSON.stringify(host.slice(0, 100))})` });
      }
    }
    if (!SAFE_METHODS.has(request.method) && request.headers[ACTION_HEADER] === undefined) {
      return reply.code(403).send({ error: `writes need the ${ACTION_HEADER} header (a guard against cross-site requests)` });
    }
  });
}
