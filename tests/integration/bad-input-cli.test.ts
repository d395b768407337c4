import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printableUrl } from '../../src/queues/fetch-queue.js';
import { COLLECTIONS } from '../../src/shared/store/collections.js';
import type { FetchRecord } from '../../src/shared/store/outcomes.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { createTestPipeline, type TestPipeline } from '../helpers/pipeline.js';

/**
 * Bad-input corpus through the CLI (issue 8): hostile URL arguments, URL files (empty, binary,
 * CRLF, missing), a folder of broken source profiles and hostile query parameters. Every
 * rejected URL is reported with its reason and recorded as `invalid-url`; bad files and
 * parameters stop with a one-line message and the documented exit code. No workers run here.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/bad-input');

interface Summary {
  accepted: number;
  skipped: number;
  rejected: { url: string; reason: string }[];
}

describe('bad input through the CLI', () => {
  let pipeline: TestPipeline;
  // Every CLI run starts at once in beforeAll (each `node --import tsx` start costs seconds);
  // the tests below only await their own run, so the file stays within its time budget.
  const runs = new Map<string, Promise<CliResult>>();
  const run = (name: string) => runs.get(name)!;
  const hostileArgs = [
    'not a url',
    'javascript:alert(document.cookie)',
    'file:///etc/passwd',
    'ftp://example.com/file.txt',
    'data:text/html;base64,PHNjcmlwdD4=',
    `https://example.com/${'a'.repeat(10_240)}`,
    'https://user:secret@example.com/private.html',
    'https://\u0430pple.com/',
  ];
  const missing = path.join(FIXTURES, 'urls/does-not-exist.txt');

  beforeAll(async () => {
    pipeline = await createTestPipeline();
    const now = new Date();
    await pipeline.db.collection(COLLECTIONS.articles).insertOne({
      _id: 'bad-input-query-probe' as never,
      url: 'http://127.0.0.1:9/probe.html',
      source: '127.0.0.1',
      title: 'Probe article',
      language: 'tr',
      publishedAt: now,
      fetchedAt: now,
      authors: [],
    });
    const env = pipeline.env;
    const start = (name: string, args: string[], extraEnv: Record<string, string> = {}) => runs.set(name, runCli(args, { ...env, ...extraEnv }));
    start('args', ['enqueue', '--json', ...hostileArgs]);
    start('human', ['enqueue', `https://example.com/${'b'.repeat(10_240)}`, 'ftp://example.com/x']);
    start('hostile-file', ['enqueue', '--json', '--file', path.join(FIXTURES, 'urls/hostile.txt')]);
    start('empty-file', ['enqueue', '--json', '--file', path.join(FIXTURES, 'urls/empty.txt')]);
    start('binary-file', ['enqueue', '--json', '--file', path.join(FIXTURES, 'urls/binary.bin')]);
    start('crlf-file', ['enqueue', '--json', '--file', path.join(FIXTURES, 'urls/crlf.txt')]);
    start('missing-file', ['enqueue', '--file', missing]);
    start('sources-bad', ['sources', '--check'], { NEWSFLOW_SOURCES_DIR: path.join(FIXTURES, 'sources-bad') });
    start('bad-config', ['sources', '--check'], { NEWSFLOW_ATTEMPTS: '1.5', NEWSFLOW_MAX_BODY_BYTES: '10MB', NEWSFLOW_ROBOTS: 'ON' });
    start('misspelt-config', ['sources', '--check'], { NEWSFLOW_STORE_CONCURENCY: '4' });
    start('query-injected', ['query', '--format', 'json', '--source', '{"$gt":""}']);
    start('query-plain', ['query', '--format', 'json', '--source', '127.0.0.1']);
    start('query-bad', ['query', '--limit', '100000000', '--since', 'yesterday', '--until', '2024-13-45', '--lang', '{"$ne":null}', '--skip', 'lots']);
    // Nothing may stay unawaited if a test fails early.
    for (const promise of runs.values()) promise.catch(() => undefined);
  });
  afterAll(async () => {
    await Promise.allSettled(runs.values());
    await pipeline?.close();
  });

  const records = async (match: (url: string) => boolean) =>
    (await pipeline.db.collection<FetchRecord>(COLLECTIONS.fetches).find({ outcome: 'invalid-url' }).toArray()).filter((record) => match(record.url));
  const queued = async () => (await pipeline.queues.fetch.getJobs(['waiting', 'prioritized', 'delayed'])).map((job) => job.data.canonicalUrl);

  it('rejects hostile URL arguments with their reasons, accepts the IDN homograph as punycode, records each rejection', async () => {
    const result = await run('args');
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.accepted + summary.skipped).toBe(1); // the homograph (hostile.txt may have queued it first)
    expect(summary.rejected.map((entry) => entry.url.slice(0, 40))).toEqual(hostileArgs.slice(0, 7).map((url) => url.slice(0, 40)));
    const reasons = summary.rejected.map((entry) => entry.reason);
    expect(reasons[0]).toMatch(/not absolute/);
    for (const [i, scheme] of [[1, 'javascript'], [2, 'file'], [3, 'ftp'], [4, 'data']] as const) expect(reasons[i]).toMatch(new RegExp(`scheme "${scheme}:" is not supported`));
    expect(reasons[5]).toMatch(/10260 characters long, the limit is 4096/);
    expect(reasons[6]).toMatch(/credentials/);

    const urls = await queued();
    expect(urls).toContain('https://xn--pple-43d.com/');
    expect(urls.join(' ')).not.toMatch(/secret|javascript|file:|ftp:|data:|\u0430/);

    // Exactly as printed and stored (the 10 kB one cut); hostile.txt, enqueued at the same time, may add its own records.
    const recorded = await records((url) => hostileArgs.slice(0, 7).some((arg) => printableUrl(arg) === url));
    expect(new Set(recorded.map((record) => record.url)).size).toBe(7);
    const credentials = recorded.find((record) => record.url.includes('user:secret'));
    expect(credentials).toMatchObject({ outcome: 'invalid-url', stage: 'enqueue', canonicalUrl: null });
    expect(credentials?.error).toMatch(/credentials/);
    // The 10 kB URL is recorded, but cut to a bounded length.
    expect(Math.max(...recorded.map((record) => record.url.length))).toBeLessThanOrEqual(4_097);
  }, 180_000);

  it('prints a human summary that names each rejected URL and truncates the 10 kB one', async () => {
    const result = await run('human');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/accepted 0, skipped 0 \(already queued or seen\), rejected 2/);
    expect(result.stdout).toMatch(/rejected https:\/\/example\.com\/b+\.\.\.: URL is \d+ characters long/);
    expect(result.stdout).toMatch(/rejected ftp:\/\/example\.com\/x: URL scheme "ftp:" is not supported/);
    expect(result.stdout.length).toBeLessThan(1_000);
  }, 180_000);

  it('reads a file of hostile lines: comments and blank lines skipped, 10 rejected, only the homograph queued', async () => {
    const result = await run('hostile-file');
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.accepted + summary.skipped).toBe(1);
    expect(summary.rejected).toHaveLength(10);
    const reasons = summary.rejected.map((entry) => entry.reason).join('\n');
    for (const reason of [/not absolute/, /scheme "javascript:"/, /scheme "file:"/, /scheme "ftp:"/, /scheme "data:"/, /characters long/, /credentials/, /empty host/, /could not be parsed/]) expect(reasons).toMatch(reason);
  }, 180_000);

  it('accepts nothing and fails nothing for an empty file', async () => {
    const result = await run('empty-file');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ accepted: 0, skipped: 0, rejected: [] });
  }, 180_000);

  it('rejects every line of a binary file without crashing, and records each rejection', async () => {
    const result = await run('binary-file');
    expect(result.stderr).not.toContain('unexpected error');
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.accepted).toBe(0);
    expect(summary.rejected.length).toBeGreaterThan(0);
  }, 180_000);

  it('reads a CRLF file: no carriage return ends up in a URL', async () => {
    const result = await run('crlf-file');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ accepted: 2, skipped: 0, rejected: [] });
    const urls = await queued();
    expect(urls).toEqual(expect.arrayContaining(['http://127.0.0.1:9/crlf/one.html', 'http://127.0.0.1:9/crlf/two.html']));
    for (const url of urls) expect(url).not.toMatch(/[\r\n]/);
  }, 180_000);

  it('stops with a clear error and exit code 1 for a missing file', async () => {
    const result = await run('missing-file');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`newsflow: cannot read URL file ${missing}`);
    expect(result.stdout).toBe('');
  }, 180_000);

  it('sources --check on a folder of broken profiles: exit code 2, every file and field named', async () => {
    const result = await run('sources-bad');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('problems in source profiles');
    for (const expected of [
      /wrong-types\.json: name: must be a string, got number/,
      /wrong-types\.json: startUrls: must be an array, got string/,
      /wrong-types\.json: maxDepth: must be an integer, got 2\.5/,
      /wrong-types\.json: politeness\.maxConcurrent: must be a number, got string/,
      /unknown-keys\.json: unknown key "exlude"/,
      /unknown-keys\.json: politeness: unknown key "minIntervalMS"/,
      /invalid-json\.json: invalid JSON/,
      /hostile-values\.json: id: must be a slug/,
      /hostile-values\.json: startUrls\[1\]: host "elsewhere\.example" is not in allowedHosts/,
    ]) {
      expect(result.stderr).toMatch(expected);
    }
    expect(result.stderr).not.toContain('unexpected error');
  }, 180_000);

  it('bad configuration from the environment: exit code 2 naming every variable', async () => {
    const result = await run('bad-config');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('NEWSFLOW_ATTEMPTS="1.5"');
    expect(result.stderr).toContain('NEWSFLOW_MAX_BODY_BYTES="10MB"');
    expect(result.stderr).toContain('NEWSFLOW_ROBOTS="ON"');
  }, 180_000);

  it('a misspelt NEWSFLOW_ variable: a warning with the likely fix, and the command still runs', async () => {
    const result = await run('misspelt-config');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('newsflow: warning: NEWSFLOW_STORE_CONCURENCY is not a newsflow setting (did you mean NEWSFLOW_STORE_CONCURRENCY?); it has no effect');
  }, 180_000);

  it('query: an injected operator matches literally — 0 results, no error (the plain query finds the article)', async () => {
    const [injected, plain] = await Promise.all([run('query-injected'), run('query-plain')]);
    expect(injected.code, injected.stderr).toBe(0);
    expect(JSON.parse(injected.stdout)).toEqual([]);
    expect(plain.code, plain.stderr).toBe(0);
    expect((JSON.parse(plain.stdout) as unknown[]).length).toBe(1);
  }, 180_000);

  it('query: --limit 100000000, bad dates, an operator as language and a non-numeric skip are all named at once', async () => {
    const result = await run('query-bad');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--limit: must be at most 10000');
    expect(result.stderr).toContain('--since: must be a date like 2024-10-10');
    expect(result.stderr).toContain('--until: must be a date like 2024-10-10');
    expect(result.stderr).toContain('--lang: must be a language code');
    expect(result.stderr).toContain('--skip: must be a number');
    expect(result.stderr).not.toContain('unexpected error');
    expect(result.stdout).toBe('');
  }, 180_000);
});
