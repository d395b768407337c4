import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../../shared/config.js';
import { createLogger } from '../../shared/logger.js';
import { ROLES, startWorkers, type Role } from '../../workers/runtime.js';

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return parsed;
}

/**
 * Runs worker roles until SIGTERM/SIGINT: the first signal stops taking jobs and lets in-flight
 * ones finish (up to NEWSFLOW_SHUTDOWN_TIMEOUT_S); a second signal exits at once.
 */
export async function runWorkerService(roles: Role[], env: NodeJS.ProcessEnv): Promise<void> {
  const config = loadConfig(env);
  const log = createLogger(config.logLevel, { role: roles.join(',') });
  for (const warning of config.warnings) log.warn(warning);
  const running = await startWorkers(roles, config, log);
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: finishing in-flight jobs');
    running.close(config.shutdownTimeoutMs).then(
      ({ timedOut }) => {
        log.info({ timedOut }, 'stopped');
        process.exit(timedOut ? 1 : 0);
      },
      (error: unknown) => {
        log.error({ err: error instanceof Error ? error.message : String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run a background worker service: fetch, parse, store, or all (every stage in one process)')
    .argument('<role>', `one of ${ROLES.join(', ')}`)
    .option('-c, --concurrency <n>', 'jobs processed at once by this role (with "all": by each stage)', positiveInt)
    .option('--fetch-concurrency <n>', 'fetch jobs at once (NEWSFLOW_FETCH_CONCURRENCY)', positiveInt)
    .option('--parse-concurrency <n>', 'parse jobs at once (NEWSFLOW_PARSE_CONCURRENCY)', positiveInt)
    .option('--store-concurrency <n>', 'store jobs at once (NEWSFLOW_STORE_CONCURRENCY)', positiveInt)
    .option('--metrics-port <port>', 'serve /metrics, /healthz and /readyz on this port (NEWSFLOW_METRICS_PORT)')
    .action(async (role: string, options: { concurrency?: number; fetchConcurrency?: number; parseConcurrency?: number; storeConcurrency?: number; metricsPort?: string }) => {
      if (!(ROLES as readonly string[]).includes(role)) {
        throw new InvalidArgumentError(`unknown role "${role}"; use one of ${ROLES.join(', ')}`);
      }
      const env = { ...process.env };
      const set = (name: string, value: number | string | undefined) => {
        if (value !== undefined) env[name] = String(value);
      };
      for (const stage of ['fetch', 'parse', 'store'] as const) {
        if (role === stage || role === 'all') set(`NEWSFLOW_${stage.toUpperCase()}_CONCURRENCY`, options.concurrency);
      }
      set('NEWSFLOW_FETCH_CONCURRENCY', options.fetchConcurrency);
      set('NEWSFLOW_PARSE_CONCURRENCY', options.parseConcurrency);
      set('NEWSFLOW_STORE_CONCURRENCY', options.storeConcurrency);
      set('NEWSFLOW_METRICS_PORT', options.metricsPort);
      await runWorkerService([role as Role], env);
    });
}
