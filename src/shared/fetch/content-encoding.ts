/**
 * Reading a response body and removing its Content-Encoding ourselves, instead of got's
 * `decompress`: a page a server sent gzip-compressed is kept as the server compressed it, so the
 * pipeline stores and queues those bytes rather than compressing the page a second time
 * (gzip costs about three times what gunzip does).
 */
import { pipeline, Readable, type Transform } from 'node:stream';
import { promisify } from 'node:util';
import {
  brotliDecompress, constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw, gunzip, inflate, inflateRaw,
  type BrotliOptions, type ZlibOptions,
} from 'node:zlib';
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

const BROTLI_LENIENT = { finishFlush: constants.BROTLI_OPERATION_FLUSH };
const CODINGS = new Set(['gzip', 'x-gzip', 'deflate', 'br']);
/** Compressed bytes read before decoding starts; a body that ends sooner is decoded in one step. */
const ONE_STEP_WIRE_BYTES = 256 * 1024;

const isGzip = (coding: string) => coding === 'gzip' || coding === 'x-gzip';

type Decode = (buffer: Buffer, options: ZlibOptions & BrotliOptions) => Promise<Buffer>;

/** How to remove one content coding: as a stream, or in one call on the whole body. */
interface Codec {
  stream(): Transform;
  decode: Decode;
  lenient: ZlibOptions & BrotliOptions;
}

const CODECS = {
  gzip: { stream: () => createGunzip(LENIENT), decode: promisify(gunzip) as Decode, lenient: LENIENT },
  zlibDeflate: { stream: () => createInflate(LENIENT), decode: promisify(inflate) as Decode, lenient: LENIENT },
  rawDeflate: { stream: () => createInflateRaw(LENIENT), decode: promisify(inflateRaw) as Decode, lenient: LENIENT },
  br: { stream: () => createBrotliDecompress(BROTLI_LENIENT), decode: promisify(brotliDecompress) as Decode, lenient: BROTLI_LENIENT },
} satisfies Record<string, Codec>;

function codecFor(coding: string, firstByte: number): Codec {
  if (coding === 'br') return CODECS.br;
  // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate; a zlib stream's
  // first byte names method 8 in its low nibble.
  if (coding === 'deflate') return (firstByte & 0x0f) === 0x08 ? CODECS.zlibDeflate : CODECS.rawDeflate;
  return CODECS.gzip;
}

/**
 * A gzip stream ends with the length of what it holds (mod 2^32): a body whose last four bytes say
 * so was not cut short and carries nothing after its end, so it can stand in for the page's bytes.
 */
function withGzipKept(coding: string, wire: Buffer, body: Buffer): ReadBody {
  const whole = isGzip(coding) && wire.length >= 18 && wire.readUInt32LE(wire.length - 4) === body.length % 2 ** 32;
  return whole ? { body, gzipped: wire } : { body };
}

export async function readBody(stream: Readable, options: ReadBodyOptions): Promise<ReadBody> {
  const coding = (options.contentEncoding ?? '').trim().toLowerCase();
  // identity, or a coding nobody asked for: the bytes go on as sent, as they did with got.
  if (!CODINGS.has(coding)) return { body: (await readDecodedWithin(stream, stream, options)).body };

  const wire: Buffer[] = [];
  let wireSize = 0;
  let ended = true;
  // Leaving this loop early must not destroy the stream: a large body goes on below.
  for await (const chunk of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    wire.push(chunk);
    wireSize += chunk.length;
    if (wireSize >= ONE_STEP_WIRE_BYTES) {
      ended = false;
      break;
    }
  }
  if (wireSize === 0) return { body: Buffer.alloc(0) };
  const head = Buffer.concat(wire, wireSize);
  const codec = codecFor(coding, head[0]!);
  if (ended && options.overflow === 'fail') {
    // Most compressed pages arrive whole within a few reads: one decoding call (one trip to libuv's
    // pool) costs less than a streaming decoder's trip per network chunk and per output chunk.
    return withGzipKept(coding, head, await decodeInOneStep(codec, head, options));
  }
  // A large body, a bomb, or one to truncate: stream it, so decoding stops at maxBytes without reading the rest.
  const source = ended ? Readable.from([head]) : stream;
  if (!ended) stream.unshift(head);
  // pipeline destroys both ends when either fails or when reading stops early; its error reaches
  // us through the loop over the decoder, so the callback has nothing left to do.
  const decoder = pipeline(source, codec.stream(), () => {});
  if (isGzip(coding)) {
    // The head comes round again as the first chunk. In the same tick as pipeline's own 'data'
    // listener, so both see every chunk.
    wire.length = 0;
    wireSize = 0;
    source.on('data', (chunk: Buffer) => {
      wire.push(chunk);
      wireSize += chunk.length;
    });
  }
  const { body, truncated } = await readDecodedWithin(decoder, source, options);
  return truncated ? { body } : withGzipKept(coding, Buffer.concat(wire, wireSize), body);
}

async function decodeInOneStep(codec: Codec, sent: Buffer, options: ReadBodyOptions): Promise<Buffer> {
  try {
    return await codec.decode(sent, { maxOutputLength: options.maxBytes, chunkSize: 128 * 1024, ...codec.lenient });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new FetchError('too-large', `body exceeds ${options.maxBytes} bytes`, { permanent: true, url: options.url, cause: error });
    }
    throw error;
  }
}

/** Reads `decoded` up to maxBytes: truncated there, or failing as too large (and stopping `source`). */
async function readDecodedWithin(decoded: Readable, source: Readable, options: ReadBodyOptions): Promise<{ body: Buffer; truncated: boolean }> {
  const { maxBytes, overflow, url } = options;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of decoded as AsyncIterable<Buffer>) {
    if (size + chunk.length > maxBytes) {
      if (overflow === 'truncate') {
        chunks.push(chunk.subarray(0, maxBytes - size));
        return { body: Buffer.concat(chunks, maxBytes), truncated: true }; // leaving the loop destroys the stream
      }
      source.destroy();
      throw new FetchError('too-large', `body exceeds ${maxBytes} bytes`, { permanent: true, url });
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { body: Buffer.concat(chunks, size), truncated: false };
}
