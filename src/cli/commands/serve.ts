import type { Command } from 'commander';
import { AccessConfigError, apiTokenFromEnv } from '../../api/access.js';
import { createApiServer } from '../../api/server.js';
import { CliContext, CliError } from '../context.js';

function portFrom(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port: must be a whole number from 0 to 65535, got ${value}`, 2);
  return port;
}

/**
 * `newsflow serve`: the read-only HTTP API, the dashboard and Bull Board, until SIGINT/SIGTERM.
 * Access: loopback only by default; `NEWSFLOW_API_TOKEN` (16+ characters) is then required on every
 * route but /healthz, and listening anywhere else without it is refused.
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('HTTP API and dashboard over the stored articles and the queues (NEWSFLOW_API_TOKEN protects it)')
    .option('--port <n>', 'port to listen on (0: any free port)', '8080')
    .option('--host <address>', 'address to bind; anything but loopback needs NEWSFLOW_API_TOKEN', '127.0.0.1')
    .action(async (options: { port: string; host: string }) => {
      const port = portFrom(options.port);
      let token: string | null;
      try {
        token = apiTokenFromEnv(process.env, options.host);
      } catch (error) {
        if (error instanceof AccessConfigError) throw new CliError(error.message, 2);
        throw error;
      }
      const ctx = new CliContext();
      try {
        await ctx.db(); // fail now, with the MONGODB_URL message, rather than on the first request
        const app = await createApiServer({ ctx, token });
        await app.listen({ port, host: options.host });
        const address = app.server.address();
        const shown = typeof address === 'object' && address ? `${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : `${options.host}:${port}`;
        process.stderr.write(`newsflow: dashboard on http://${shown}/ (API /api, queues /queues, metrics /metrics)${token ? '; token required' : ''}\n`);
        const signal = await new Promise<NodeJS.Signals>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        process.stderr.write(`newsflow: ${signal}, closing\n`);
        await app.close();
      } finally {
        await ctx.close();
      }
    });
}
