import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { brotliCompressSync, deflateRawSync, deflateSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FetchError } from '../../src/shared/fetch/errors.js';
import { readBody } from '../../src/shared/fetch/content-encoding.js';

const PAGE = Buffer.from(`<html><body>${'<p>Astana, Ankara: ikili ilişkilerin önüne — Қазақстан, Россия. </p>'.repeat(300)}</body></html>`);

/** A response body arriving in network-sized pieces. */
const wire = (bytes: Buffer, chunk = 1400) => Readable.from(Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) => bytes.subarray(i * chunk, (i + 1) * chunk)));
const read = (bytes: Buffer, contentEncoding: string | undefined, maxBytes = 10 * 1024 * 1024, overflow: 'fail' | 'truncate' = 'fail') =>
  readBody(wire(bytes), { contentEncoding, maxBytes, overflow, url: 'http://127.0.0.1/page' });

describe('reading a body with its content coding', () => {
  it('keeps a gzip body exactly as sent next to the page it decodes to', async () => {
    const sent = gzipSync(PAGE, { level: 6 });
    const { body, gzipped } = await read(sent, 'gzip');
    expect(body.equals(PAGE)).toBe(true);
    expect(gzipped?.equals(sent)).toBe(true);
  });

  it('keeps a gzip body too large to decode in one step, decoded as it streams in', async () => {
    const page = Buffer.from(randomBytes(600 * 1024).toString('base64'));
    const sent = gzipSync(page);
    expect(sent.length).toBeGreaterThan(256 * 1024);
    const { body, gzipped } = await read(sent, 'gzip');
    expect(body.equals(page)).toBe(true);
    expect(gzipped?.equals(sent)).toBe(true);
  });

  it('reads an empty gzip body as empty', async () => {
    const { body, gzipped } = await read(Buffer.alloc(0), 'gzip');
    expect(body.length).toBe(0);
    expect(gzipped).toBeUndefined();
  });

  it('treats x-gzip and upper-case names like gzip', async () => {
    for (const name of ['x-gzip', 'GZIP', ' gzip ']) {
      const { body, gzipped } = await read(gzipSync(PAGE), name);
      expect(body.equals(PAGE), name).toBe(true);
      expect(gzipped, name).toBeDefined();
    }
  });

  it('does not keep a gzip body padded after its end; the page is compressed again instead', async () => {
    const { body, gzipped } = await read(Buffer.concat([gzipSync(PAGE), Buffer.alloc(64)]), 'gzip');
    expect(body.equals(PAGE)).toBe(true);
    expect(gzipped).toBeUndefined();
  });

  it('decodes every member of a multi-member gzip body', async () => {
    const half = PAGE.length >> 1;
    const { body, gzipped } = await read(Buffer.concat([gzipSync(PAGE.subarray(0, half)), gzipSync(PAGE.subarray(half))]), 'gzip');
    expect(body.equals(PAGE)).toBe(true);
    if (gzipped) expect(gunzipSync(gzipped).equals(PAGE)).toBe(true);
  });

  it('stops a gzip bomb at the decoded size limit', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    const error = await read(bomb, 'gzip', 1024 * 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).code).toBe('too-large');
  });

  it('truncates at the limit when asked to, and then keeps no gzip', async () => {
    const { body, gzipped } = await read(gzipSync(PAGE), 'gzip', 1000, 'truncate');
    expect(body.equals(PAGE.subarray(0, 1000))).toBe(true);
    expect(gzipped).toBeUndefined();
  });

  it('fails on a body that is not the gzip it claims to be, with zlib\'s code for corrupt data', async () => {
    const error = (await read(Buffer.from('<html>plain, not gzip</html>'), 'gzip').catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(error.code).toBe('Z_DATA_ERROR');
  });

  it.each([
    ['deflate (zlib)', 'deflate', deflateSync(PAGE)],
    ['deflate (raw, as some servers send it)', 'deflate', deflateRawSync(PAGE)],
    ['br', 'br', brotliCompressSync(PAGE)],
    ['identity', 'identity', PAGE],
    ['no coding', undefined, PAGE],
    ['a coding nobody asked for, passed on as sent', 'compress', PAGE],
  ] as const)('decodes %s and keeps no gzip', async (_name, coding, sent) => {
    const { body, gzipped } = await read(sent, coding);
    expect(body.equals(PAGE)).toBe(true);
    expect(gzipped).toBeUndefined();
  });

  it('reads an empty deflate body as empty', async () => {
    const { body } = await read(Buffer.alloc(0), 'deflate');
    expect(body.length).toBe(0);
  });
});
