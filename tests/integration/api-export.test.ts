import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articlesCollection } from '../../src/shared/store/articles.js';
import { manyArticles, startTestApi, type TestApi } from '../helpers/api.js';
import { runCli } from '../helpers/cli.js';

/** More output than a pipe buffer holds (64 KB), so writes must wait for the reader to drain it. */
const COUNT = 300;

describe('newsflow export', () => {
  let api: TestApi;
  let dir: string;

  beforeAll(async () => {
    api = await startTestApi();
    await articlesCollection(api.db).insertMany(manyArticles(COUNT));
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsflow-export-'));
  });
  afterAll(async () => {
    await api?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('streams every matching article as JSON lines, newest first, with progress on stderr', async () => {
    const result = await runCli(['export', '--format', 'jsonl'], api.env);
    expect(result.stderr).toContain(`export: ${COUNT}/${COUNT} done`);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(COUNT);
    expect(lines[0]).toMatchObject({ id: `bulk-${String(COUNT - 1).padStart(5, '0')}`, language: 'de' });
    expect(lines[0]).not.toHaveProperty('terms');
    expect(lines[0]).not.toHaveProperty('bodyHtml');
    expect(new Set(lines.map((line) => line.id)).size).toBe(COUNT);
  });

  it('applies the query filters and --limit, and writes CSV to --out only once complete', async () => {
    const out = path.join(dir, 'english.csv');
    const result = await runCli(['export', '--format', 'csv', '--lang', 'en', '--sort', 'published', '--limit', '100', '--out', out], api.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    // Bodies hold blank lines inside quoted cells: a record starts where a line starts with an id.
    const rows = readFileSync(out, 'utf8').trimEnd().split('\n').filter((line, index) => index === 0 || line.startsWith('bulk-'));
    expect(rows[0]).toBe('id,url,canonicalUrl,source,sourceId,title,lead,language,authors,publishedAt,modifiedAt,fetchedAt,section,tags,clusterId,wordCount,bodyText');
    expect(rows).toHaveLength(1 + 100);
    expect(rows[1]).toMatch(/^bulk-00000,.*,"Bulk article 00000, ""quoted"", with a comma",,en,,2024-01-01T00:00:00.000Z,/);
    expect(rows.at(-1)).toMatch(/^bulk-00198,/); // the 100th English one, oldest first
    expect(readdirSync(dir).filter((name) => name.includes('.partial'))).toEqual([]);
  });

  it('rejects bad filters with the flag name and leaves no file behind', async () => {
    const out = path.join(dir, 'bad.jsonl');
    const result = await runCli(['export', '--since', 'last week', '--out', out], api.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--since: must be a date/);
    expect(existsSync(out)).toBe(false);
  });

  it('fails with the reason when the output cannot be written', async () => {
    const result = await runCli(['export', '--limit', '5', '--out', path.join(dir, 'no-such-dir', 'x.jsonl')], api.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/export failed: .*ENOENT/);
  });
});
