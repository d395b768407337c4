import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './cli.js';

/**
 * The CLI as a separate OS process, the way it runs in production: the build when there is one
 * (scripts/test.sh builds first; starting takes ~1 s), else the sources through tsx.
 */
export function cliCommand(): string[] {
  const built = path.join(REPO, 'dist/cli/main.js');
  return existsSync(built) ? [built] : ['--import', 'tsx', path.join(REPO, 'src/cli/main.ts')];
}

/**
 * NEWSFLOW_TEST_WORKER_LOGS=<dir> appends each worker's log lines to <dir>/<role>.log (a test that
 * wants them also raises the log level); any other non-empty value passes stderr through.
 */
function workerOutput(role: string, logDir?: string): 'ignore' | 'inherit' | number {
  const target = process.env.NEWSFLOW_TEST_WORKER_LOGS || logDir;
  if (!target) return 'ignore';
  if (!target.includes('/')) return 'inherit';
  mkdirSync(target, { recursive: true });
  return openSync(path.join(target, `${role}.log`), 'a');
}

const stderrTails = new WeakMap<ChildProcess, () => string>();

/** The last few KB a worker wrote to stderr (empty when its output went to a log file or the terminal). */
export function stderrTail(child: ChildProcess): string {
  return stderrTails.get(child)?.() ?? '';
}

/**
 * `logDir`: where the worker's log lines go when NEWSFLOW_TEST_WORKER_LOGS names no folder;
 * `name`: the log file's name, for several processes of one role (default: the role).
 */
export function spawnWorker(role: string, env: Record<string, string>, logDir?: string, name = role): ChildProcess {
  const output = workerOutput(name, logDir);
  const child = spawn(process.execPath, [...cliCommand(), 'worker', role], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', typeof output === 'number' ? output : 'ignore', output === 'ignore' ? 'pipe' : output],
  });
  if (typeof output === 'number') closeSync(output);
  if (output === 'ignore') {
    // Keep the end of stderr: a worker that dies by itself says why there (its logs are silenced).
    let tail = '';
    child.stderr?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4_000)));
    stderrTails.set(child, () => tail);
  }
  return child;
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
