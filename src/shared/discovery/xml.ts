/**
 * Shared XML plumbing for sitemaps and feeds: byte decoding (gzip, charset) and one
 * fast-xml-parser configuration.
 *
 * fast-xml-parser was chosen over cheerio's xml mode because it can validate (cheerio/htmlparser2
 * accepts any garbage, so "malformed" could not be reported) and it parses a 60,000-URL sitemap
 * several times faster (see docs/sources.md, "Parser choice").
 */
import { gunzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DiscoveryParseError } from './errors.js';

/** Default ceiling for a gunzipped body; the sitemap protocol allows 50 MB uncompressed. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 50 * 1024 * 1024;

/** Elements that may repeat; forcing arrays keeps the readers free of "one or many" checks. */
const REPEATED_ELEMENTS = new Set(['url', 'sitemap', 'item', 'entry', 'link']);

// Namespace prefixes are removed because publishers pick their own (`news:`, `n:`, `g:`); the
// local names used here (loc, news, publication_date, ...) are unambiguous within each format.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  isArray: (tagName) => REPEATED_ELEMENTS.has(tagName),
});

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function gunzipBounded(bytes: Uint8Array, maxBytes: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DiscoveryParseError('too-large', `gzip body exceeds ${maxBytes} bytes when decompressed`, {
        cause: error,
      });
    }
    throw new DiscoveryParseError('decode-error', `invalid gzip body: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Bytes → text. Gzip is detected by its magic bytes rather than by Content-Type or the `.gz`
 * suffix, because servers label compressed sitemaps inconsistently. The charset comes from the
 * XML declaration (feeds in windows-1251 are still common); UTF-8 otherwise.
 */
export function decodeXmlBytes(input: string | Uint8Array, maxDecompressedBytes = DEFAULT_MAX_DECOMPRESSED_BYTES): string {
  if (typeof input === 'string') return stripBom(input);
  const bytes = isGzip(input) ? gunzipBounded(input, maxDecompressedBytes) : Buffer.from(input);
  const head = bytes.subarray(0, 200).toString('latin1');
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  const charset = declared && iconv.encodingExists(declared) ? declared : 'utf-8';
  return stripBom(iconv.decode(bytes, charset));
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses well-formed XML into plain objects; anything else is a `parse-error`. */
export function parseXmlDocument(xml: string, what: string): Record<string, unknown> {
  if (!/^\s*</.test(xml)) throw new DiscoveryParseError('parse-error', `${what}: not XML (does not start with "<")`);
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    throw new DiscoveryParseError('parse-error', `${what}: malformed XML at line ${line}, column ${col}: ${msg}`);
  }
  try {
    return parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    throw new DiscoveryParseError('parse-error', `${what}: malformed XML: ${(error as Error).message}`, { cause: error });
  }
}

/** Text content of a parsed node: a string, or an element with attributes and `#text`. */
export function textOf(node: unknown): string | undefined {
  if (Array.isArray(node)) return textOf(node[0]);
  if (typeof node === 'string') return node.trim() || undefined;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (node && typeof node === 'object' && '#text' in node) return textOf((node as Record<string, unknown>)['#text']);
  return undefined;
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function attr(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const value = (node as Record<string, unknown>)[`@_${name}`];
  return typeof value === 'string' ? value.trim() : undefined;
}

export function child(node: unknown, name: string): unknown {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  return (node as Record<string, unknown>)[name];
}

/** Resolves a possibly relative link; only http(s) URLs survive, fragments are dropped. */
export function resolveHttpUrl(raw: string | undefined, baseUrl: string): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw.trim(), baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}
