/**
 * Reading a response body and removing its Content-Encoding ourselves, instead of got's
 * `decompress`: a page a server sent gzip-compressed is kept as the server compressed it, so the
 * pipeline stores and queues those bytes rather than compressing the page a second time
 * (gzip costs about three times what gunzip does).
 */
import { pipeline, type Readable, type Transform } from 'node:stream';
import { promisify } from 'node:util';
import { brotliDecompress, constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw, gunzip, type BrotliOptions, type ZlibOptions } from 'node:zlib';
import { FetchError } from './errors.js';

/** What we ask servers for: every coding we can remove, gzip first because its bytes can be kept as they are. */
export const ACCEPT_ENCODING = 'gzip, deflate, br;q=0.9';

export interface ReadBody {
  /** The body with its content coding removed: what the page's bytes are. */
  body: Buffer;
  /** The body exactly as a gzip-coding server sent it, when it was read whole and ends where a gzip stream ends. */
  gzipped?: Buffer;
}

export interface ReadBodyOptions {
  /** The Content-Encoding header, as sent. */
  contentEncoding: string | undefined;
  /** Decoded bytes at most; counting after decoding is what stops a gzip bomb early. */
  maxBytes: number;
  /** 'truncate' keeps the first maxBytes (robots.txt); 'fail' rejects the body as too large. */
  overflow: 'fail' | 'truncate';
  url: string;
}

// Like browsers (and got's decompress-response), a body cut short still yields what was decoded:
// a truncated page is better evidence than none, and such a body is never kept as stored gzip.
const LENIENT = { finishFlush: constants.Z_SYNC_FLUSH };

function decoderFor(coding: string, firstByte: number | undefined): Transform | null {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip(LENIENT);
    case 'deflate':
      // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate; a zlib stream's
      // first byte names method 8 in its low nibble.
      return firstByte !== undefined && (firstByte & 0x0f) !== 0x08 ? createInflateRaw(LENIENT) : createInflate(LENIENT);
    case 'br':
      return createBrotliDecompress({ finishFlush: constants.BROTLI_OPERATION_FLUSH });
    default:
      // identity, or a coding nobody asked for: the bytes go on as sent, as they did with got.
      return null;
  }
}

/**
 * A gzip stream ends with the length of what it holds (mod 2^32): a body whose last four bytes say
 * so was not cut short and carries nothing after its end, so it can stand in for the page's bytes.
 */
function endsAsGzipOf(wire: Buffer, decodedLength: number): boolean {
  return wire.length >= 18 && wire.readUInt32LE(wire.length - 4) === decodedLength % 2 ** 32;
}

async function firstChunkOf(stream: Readable): Promise<Buffer | null> {
  for (;;) {
    const chunk = stream.read() as Buffer | null;
    if (chunk !== null || stream.readableEnded || stream.destroyed) return chunk;
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        stream.off('readable', done);
        stream.off('end', done);
        stream.off('error', failed);
        resolve();
      };
      const failed = (error: Error) => {
        stream.off('readable', done);
        stream.off('end', done);
        reject(error);
      };
      stream.once('readable', done);
      stream.once('end', done);
      stream.once('error', failed);
    });
  }
}

/** Compressed bytes read before decoding starts; a body that ends sooner is decoded in one step. */
const ONE_STEP_WIRE_BYTES = 256 * 1024;

const ONE_STEP: Record<string, ((buffer: Buffer, options: ZlibOptions & BrotliOptions) => Promise<Buffer>) | undefined> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  br: promisify(brotliDecompress),
};

export async function readBody(stream: Readable, options: ReadBodyOptions): Promise<ReadBody> {
  const { maxBytes, overflow, url } = options;
  const coding = (options.contentEncoding ?? '').trim().toLowerCase();
  const oneStep = overflow === 'fail' ? ONE_STEP[coding] : undefined;
  if (oneStep) {
    // Most compressed pages arrive whole within a few reads: one decoding call (one trip to libuv's
    // pool) costs less than a streaming decoder's trip per network chunk and per output chunk.
    const wire: Buffer[] = [];
    let wireSize = 0;
    // Leaving this loop early must not destroy the stream: a large body goes on below.
    for await (const chunk of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      wire.push(chunk);
      wireSize += chunk.length;
      if (wireSize >= ONE_STEP_WIRE_BYTES) break;
    }
    if (wireSize === 0) return { body: Buffer.alloc(0) };
    if (wireSize < ONE_STEP_WIRE_BYTES) {
      const sent = Buffer.concat(wire, wireSize);
      const body = await decodeInOneStep(oneStep, coding, sent, maxBytes, url);
      return coding !== 'br' && endsAsGzipOf(sent, body.length) ? { body, gzipped: sent } : { body };
    }
    // A large body, or a bomb: go on streaming, so decoding stops at maxBytes without reading the rest.
    stream.unshift(Buffer.concat(wire, wireSize));
  }
  return readStreaming(stream, coding, options);
}

async function decodeInOneStep(decode: NonNullable<(typeof ONE_STEP)[string]>, coding: string, sent: Buffer, maxBytes: number, url: string): Promise<Buffer> {
  try {
    return await decode(sent, {
      maxOutputLength: maxBytes,
      chunkSize: 128 * 1024,
      ...(coding === 'br' ? { finishFlush: constants.BROTLI_OPERATION_FLUSH } : LENIENT),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new FetchError('too-large', `body exceeds ${maxBytes} bytes`, { permanent: true, url, cause: error });
    }
    throw error;
  }
}

async function readStreaming(stream: Readable, coding: string, options: ReadBodyOptions): Promise<ReadBody> {
  const { maxBytes, overflow, url } = options;
  let firstByte: number | undefined;
  if (coding === 'deflate') {
    const first = await firstChunkOf(stream);
    if (first === null) return { body: Buffer.alloc(0) };
    firstByte = first[0];
    stream.unshift(first);
  }
  const decoder = decoderFor(coding, firstByte);
  // pipeline destroys both ends when either fails or when the loop below stops reading early; its
  // error reaches us through the loop over `decoded`, so the callback has nothing left to do.
  const decoded: Readable = decoder ? pipeline(stream, decoder, () => {}) : stream;

  const keepWire = decoder !== null && (coding === 'gzip' || coding === 'x-gzip');
  const wire: Buffer[] = [];
  let wireSize = 0;
  if (keepWire) {
    // In the same tick as pipeline's own 'data' listener, so both see every chunk.
    stream.on('data', (chunk: Buffer) => {
      wire.push(chunk);
      wireSize += chunk.length;
    });
  }

  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of decoded as AsyncIterable<Buffer>) {
    if (size + chunk.length > maxBytes) {
      if (overflow === 'truncate') {
        chunks.push(chunk.subarray(0, maxBytes - size));
        size = maxBytes;
        truncated = true;
        break; // leaving the loop destroys the stream
      }
      stream.destroy();
      throw new FetchError('too-large', `body exceeds ${maxBytes} bytes`, { permanent: true, url });
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  const body = Buffer.concat(chunks, size);
  if (!keepWire || truncated) return { body };
  const gzipped = Buffer.concat(wire, wireSize);
  return endsAsGzipOf(gzipped, size) ? { body, gzipped } : { body };
}
