import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './cli.js';

/** A free TCP port on 127.0.0.1 (bound, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

/**
 * A Redis of the test's own (AOF on, noeviction), so a test can stop and restart it without
 * disturbing the machine's Redis that other test files share.
 */
export class OwnRedis {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'newsflow-redis-'));
  private process?: ChildProcess;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = spawn('redis-server', [
      '--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes',
      '--appendfsync', 'always', '--save', '', '--maxmemory-policy', 'noeviction',
    ], { stdio: 'ignore' });
    await waitFor(() => portAnswers(this.port), `redis on port ${this.port}`);
  }

  /** A clean shutdown that keeps the AOF, as a restart by an operator would. */
  async stop(): Promise<void> {
    spawnSync('redis-cli', ['-p', String(this.port), 'shutdown']);
    await waitFor(async () => !(await portAnswers(this.port)), `redis on port ${this.port} to stop`);
  }
}

/** A FerretDB of the test's own on the local PostgreSQL, to stop and restart at will. */
export class OwnFerretDb {
  private process?: ChildProcess;
  readonly database = `ferretdb_test_${process.pid}`;
  constructor(readonly port: number) {}

  get url(): string {
    return `mongodb://127.0.0.1:${this.port}`;
  }

  /** The PostgreSQL database FerretDB keeps this server's data in. */
  get postgresUrl(): string {
    return `postgres://postgres@127.0.0.1:5432/${this.database}`;
  }

  static binary(): string {
    const built = path.join(REPO, '.services/bin/ferretdb');
    if (!existsSync(built)) throw new Error('FerretDB is not built: run bash scripts/services.sh up first');
    return built;
  }

  async start(): Promise<void> {
    spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-qc', `create database "${this.database}"`], { stdio: 'ignore' });
    // As scripts/services.sh does, before FerretDB opens its connections (custom plans, lz4 TOAST).
    spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', this.database, '-q', '-f', path.join(REPO, 'scripts/ferretdb-database.sql')], { stdio: 'ignore' });
    this.process = spawn(OwnFerretDb.binary(), [
      '--handler=postgresql', `--postgresql-url=postgres://postgres@127.0.0.1:5432/${this.database}`,
      `--listen-addr=127.0.0.1:${this.port}`, '--debug-addr=127.0.0.1:0', '--telemetry=disable', '--log-level=error',
      `--state-dir=${mkdtempSync(path.join(os.tmpdir(), 'newsflow-ferretdb-'))}`,
    ], { stdio: 'ignore' });
    await waitFor(() => portAnswers(this.port), `FerretDB on port ${this.port}`);
  }

  async stop(): Promise<void> {
    this.process?.kill('SIGKILL');
    await waitFor(async () => !(await portAnswers(this.port)), `FerretDB on port ${this.port} to stop`);
  }

  dropDatabase(): void {
    spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-qc', `drop database if exists "${this.database}" with (force)`], { stdio: 'ignore' });
  }
}
