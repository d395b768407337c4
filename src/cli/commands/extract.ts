import { createWriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Command } from 'commander';
import { extractArticle } from '../../shared/extract/index.js';
import { decodeHtml } from '../../shared/fetch/charset.js';
import { CliError } from '../context.js';
import { startProgress } from '../progress.js';

const GZIP_MAGIC = [0x1f, 0x8b];

/** Decodes a saved page the way the fetcher decodes a response without a charset header. */
export function decodeSavedPage(bytes: Buffer): string {
  const raw = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1] ? gunzipSync(bytes) : bytes;
  return decodeHtml(raw).html;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function idOf(file: string): string {
  return path.basename(file).replace(/\.(html?|xhtml)(\.gz)?$/i, '').replace(/\.gz$/i, '');
}

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('extract an article from a saved page (.html, .html.gz or - for stdin) and print it as JSON; no services needed')
    .argument('[file]', 'the page file, or - for stdin')
    .option('--url <url>', 'the page\'s URL (resolves relative links)', 'https://example.invalid/')
    .option('--dir <dir>', 'extract every .html/.html.gz file of a folder')
    .option('--out <file>', 'with --dir: write JSON lines here (default stdout)')
    .action(async (file: string | undefined, options: { url: string; dir?: string; out?: string }) => {
      if (options.dir !== undefined) {
        await extractDirectory(options.dir, options.out, options.url);
        return;
      }
      if (file === undefined) throw new CliError('give a file, - for stdin, or --dir <dir>');
      const bytes = file === '-' ? await readStdin() : await readFile(file).catch((error: Error) => { throw new CliError(`cannot read ${file}: ${error.message}`); });
      const article = extractArticle(decodeSavedPage(bytes), options.url);
      process.stdout.write(`${JSON.stringify(article, null, 2)}\n`);
    });
}

async function extractDirectory(dir: string, out: string | undefined, baseUrl: string): Promise<void> {
  const names = (await readdir(dir).catch((error: Error) => { throw new CliError(`cannot read folder ${dir}: ${error.message}`); }))
    .filter((name) => /\.(html?|xhtml)(\.gz)?$/i.test(name))
    .sort();
  const sink: NodeJS.WritableStream = out === undefined ? process.stdout : createWriteStream(out);
  const progress = startProgress('extract', names.length);
  let failed = 0;
  for (const name of names) {
    let line: string;
    try {
      const article = extractArticle(decodeSavedPage(await readFile(path.join(dir, name))), baseUrl);
      line = JSON.stringify({ id: idOf(name), ...article });
    } catch (error) {
      // One broken page yields an error line for its id; the run goes on.
      failed += 1;
      line = JSON.stringify({ id: idOf(name), error: error instanceof Error ? error.message : String(error) });
    }
    if (!sink.write(`${line}\n`)) await new Promise<void>((resolve) => sink.once('drain', () => resolve()));
    progress.increment();
  }
  progress.stop();
  if (sink !== process.stdout) await new Promise<void>((resolve) => sink.end(() => resolve()));
  process.stderr.write(`extracted ${names.length - failed} page(s), ${failed} failed\n`);
}
