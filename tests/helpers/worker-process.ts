import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
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

export function spawnWorker(role: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...cliCommand(), 'worker', role], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', process.env.NEWSFLOW_TEST_WORKER_LOGS ? 'inherit' : 'ignore'],
  });
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
