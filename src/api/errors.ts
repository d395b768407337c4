import type { FastifyError, FastifyInstance } from 'fastify';
import { QueryValidationError } from '../shared/query/article-query.js';

/** A failure with the HTTP status and the message the client sees (`{ error }`). */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(readonly statusCode: number, message: string) {
    super(message);
  }
}

/**
 * Every error becomes `{ error: message }`: client errors say what was wrong, server errors say
 * only that something failed (details go to the log, not to whoever sent the request).
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof QueryValidationError) return reply.code(400).send({ error: error.message });
    const status = error instanceof HttpError ? error.statusCode : (error as FastifyError).statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send({ error: 'internal error' });
    }
    return reply.code(status).send({ error: error.message });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no route ${request.method} ${request.url.split('?')[0]}` }));
}
