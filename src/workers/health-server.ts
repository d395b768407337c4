import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export interface HealthChecks {
  /** Resolves when Redis and MongoDB both answer. */
  ready(): Promise<void>;
}

/**
 * /healthz (the process is alive), /readyz (Redis and MongoDB answer) and /metrics (Prometheus),
 * for docker-compose healthchecks and scrapers.
 */
export async function startHealthServer(port: number, host: string, registry: Registry, checks: HealthChecks): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      checks.ready().then(
        () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ready\n'),
        (error: unknown) => res.writeHead(503, { 'content-type': 'text/plain' }).end(`not ready: ${error instanceof Error ? error.message : String(error)}\n`),
      );
    } else if (path === '/metrics') {
      registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
