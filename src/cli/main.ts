#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../shared/config.js';
import { SourceProfileError } from '../shared/sources/load.js';
import { CliError } from './context.js';
import { registerEnqueue } from './commands/enqueue.js';
import { registerExport } from './commands/export.js';
import { registerExtract } from './commands/extract.js';
import { registerFailed } from './commands/failed.js';
import { registerQuery } from './commands/query.js';
import { registerReparse } from './commands/reparse.js';
import { registerRun } from './commands/run.js';
import { registerServe } from './commands/serve.js';
import { registerSources } from './commands/sources.js';
import { registerStatus } from './commands/status.js';
import { registerWorker } from './commands/worker.js';

const program = new Command()
  .name('newsflow')
  .description('Event-driven news ingestion: fetch, extract, deduplicate and store news articles in MongoDB')
  .version('0.1.0')
  .showHelpAfterError('(run newsflow --help for usage)')
  .exitOverride();

registerRun(program);
registerEnqueue(program);
registerWorker(program);
registerQuery(program);
registerStatus(program);
registerFailed(program);
registerExtract(program);
registerServe(program);
registerExport(program);
registerReparse(program);
registerSources(program);

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
