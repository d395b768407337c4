import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** URLs from arguments, a file and/or stdin: one per line; blank lines and `#` comments skipped. */
export async function* readUrlLines(source: Readable): AsyncGenerator<string> {
  const lines = createInterface({ input: source, crlfDelay: Infinity });
  for await (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.length === 0 || trimmed.startsWith('#')) continue;
    yield trimmed;
  }
}

export function openUrlFile(path: string): Readable {
  return path === '-' ? process.stdin : createReadStream(path, { encoding: 'utf8' });
}
