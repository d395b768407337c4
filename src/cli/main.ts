#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../shared/config.js';
import { SourceProfileError } from '../shared/sources/load.js';
import { CliError } from './context.js';

type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when that command runs: `newsflow status` should not pay
 * for the extractor, the API server and the workers at every start. Help needs them all.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  run: async () => (await import('./commands/run.js')).registerRun,
  enqueue: async () => (await import('./commands/enqueue.js')).registerEnqueue,
  worker: async () => (await import('./commands/worker.js')).registerWorker,
  query: async () => (await import('./commands/query.js')).registerQuery,
  status: async () => (await import('./commands/status.js')).registerStatus,
  failed: async () => (await import('./commands/failed.js')).registerFailed,
  extract: async () => (await import('./commands/extract.js')).registerExtract,
  serve: async () => (await import('./commands/serve.js')).registerServe,
  export: async () => (await import('./commands/export.js')).registerExport,
  reparse: async () => (await import('./commands/reparse.js')).registerReparse,
  sources: async () => (await import('./commands/sources.js')).registerSources,
};

const program = new Command()
  .name('newsflow')
  .description('Event-driven news ingestion: fetch, extract, deduplicate and store news articles in MongoDB')
  .version('0.1.0')
  .showHelpAfterError('(run newsflow --help for usage)')
  .exitOverride();

const requested = process.argv[2];
const loaders = requested !== undefined && Object.hasOwn(COMMANDS, requested) ? [COMMANDS[requested]!] : Object.values(COMMANDS);
for (const register of await Promise.all(loaders.map((load) => load()))) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof CliError || error instanceof ConfigError || error instanceof SourceProfileError) {
    process.stderr.write(`newsflow: ${error.message}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : 2;
  } else {
    process.stderr.write(`newsflow: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
