import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { META_SNIFF_BYTES, charsetFromContentType, chooseHtmlEncoding, decodeHtml, decodeUtf8, decodeWithEncoding, resolveEncodingLabel } from '../../src/shared/fetch/charset.js';

const RUSSIAN =
  'Правительство объявило о новых мерах поддержки малого бизнеса. Эксперты считают, что решение ' +
  'поможет предпринимателям пережить сложный период, однако часть экономистов сомневается в его эффективности.';
const TURKISH = 'Türkiye’de ekonomi haberleri: İstanbul borsası güne yükselişle başladı, döviz kurları ılımlı seyretti.';

const page = (body: string, head = ''): string => `<!doctype html><html><head>${head}<title>t</title></head><body><p>${body}</p></body></html>`;

describe('decodeHtml', () => {
  it('decodes windows-1251 Russian declared in the Content-Type header', () => {
    const result = decodeHtml(iconv.encode(page(RUSSIAN), 'windows-1251'), 'text/html; charset=windows-1251');
    expect(result.html).toContain(RUSSIAN);
    expect(result).toMatchObject({ encoding: 'windows-1251', encodingSource: 'header' });
  });

  it('decodes windows-1251 via the cp1251 alias', () => {
    const result = decodeHtml(iconv.encode(page(RUSSIAN), 'windows-1251'), 'text/html; charset="CP1251"');
    expect(result.html).toContain(RUSSIAN);
  });

  it('decodes KOI8-R Russian declared in a meta tag', () => {
    const result = decodeHtml(iconv.encode(page(RUSSIAN, '<meta charset="koi8-r">'), 'koi8-r'));
    expect(result.html).toContain(RUSSIAN);
    expect(result).toMatchObject({ encoding: 'koi8-r', encodingSource: 'meta' });
  });

  it('detects undeclared KOI8-R and windows-1251 Russian', () => {
    const koi = decodeHtml(iconv.encode(page(RUSSIAN), 'koi8-r'));
    expect(koi).toMatchObject({ encoding: 'koi8-r', encodingSource: 'detected' });
    expect(koi.html).toContain(RUSSIAN);
    const cp = decodeHtml(iconv.encode(page(RUSSIAN), 'windows-1251'));
    expect(cp).toMatchObject({ encoding: 'windows-1251', encodingSource: 'detected' });
    expect(cp.html).toContain(RUSSIAN);
  });

  it('decodes Turkish labelled iso-8859-9 as windows-1254, as browsers do', () => {
    const bytes = iconv.encode(page(TURKISH), 'windows-1254');
    const result = decodeHtml(bytes, 'text/html; charset=ISO-8859-9');
    expect(result.encoding).toBe('windows-1254');
    // The typographic apostrophe (0x92) only exists in windows-1254, not in real ISO-8859-9.
    expect(result.html).toContain(TURKISH);
  });

  it('decodes latin1-labelled bytes as windows-1252 (curly quotes and euro sign survive)', () => {
    const text = '“Prices rose 5 €” — said the minister';
    const result = decodeHtml(iconv.encode(page(text), 'windows-1252'), 'text/html; charset=iso-8859-1');
    expect(result.encoding).toBe('windows-1252');
    expect(result.html).toContain(text);
  });

  it('honours a UTF-8 BOM over a contradicting header', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page('Grüße aus Köln'), 'utf8')]);
    const result = decodeHtml(bytes, 'text/html; charset=windows-1251');
    expect(result).toMatchObject({ encoding: 'utf-8', encodingSource: 'bom' });
    expect(result.html.startsWith('<!doctype')).toBe(true); // BOM removed
    expect(result.html).toContain('Grüße aus Köln');
  });

  it('decodes a UTF-16LE document with a BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(page('日本語のニュース'), 'utf-16le')]);
    const result = decodeHtml(bytes);
    expect(result).toMatchObject({ encoding: 'utf-16le', encodingSource: 'bom' });
    expect(result.html).toContain('日本語のニュース');
  });

  it('lets the header win when header and meta disagree', () => {
    const bytes = iconv.encode(page(RUSSIAN, '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'), 'windows-1251');
    const result = decodeHtml(bytes, 'text/html; charset=windows-1251');
    expect(result).toMatchObject({ encoding: 'windows-1251', encodingSource: 'header' });
    expect(result.html).toContain(RUSSIAN);
  });

  it('reads the http-equiv form of the meta declaration', () => {
    const bytes = iconv.encode(page(RUSSIAN, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'), 'windows-1251');
    expect(decodeHtml(bytes)).toMatchObject({ encoding: 'windows-1251', encodingSource: 'meta' });
  });

  it('decodes a page labelled iso-8859-1 whose bytes are really UTF-8 as UTF-8', () => {
    const text = 'Café crème brûlée — São Paulo, Zürich';
    const fromHeader = decodeHtml(Buffer.from(page(text), 'utf8'), 'text/html; charset=iso-8859-1');
    expect(fromHeader.html).toContain(text);
    expect(fromHeader.encoding).toBe('utf-8');
    const fromMeta = decodeHtml(Buffer.from(page(text, '<meta charset="windows-1252">'), 'utf8'));
    expect(fromMeta.html).toContain(text);
  });

  it('ignores a meta charset beyond the sniff window and falls back to detection', () => {
    const padding = `<!-- ${'x'.repeat(META_SNIFF_BYTES)} -->`;
    const html = `<!doctype html><html><head>${padding}<meta charset="iso-8859-5"></head><body><p>${RUSSIAN}</p></body></html>`;
    const result = decodeHtml(iconv.encode(html, 'windows-1251'));
    expect(result.encodingSource).toBe('detected');
    expect(result.encoding).toBe('windows-1251');
    expect(result.html).toContain(RUSSIAN);
  });

  it('ignores a meta charset inside a comment', () => {
    const html = page('plain', '<!-- <meta charset="koi8-r"> -->');
    expect(decodeHtml(Buffer.from(html))).toMatchObject({ encoding: 'utf-8', encodingSource: 'default' });
  });

  it('treats a meta-declared UTF-16 as UTF-8 (the bytes were ASCII-compatible to be read at all)', () => {
    const result = decodeHtml(Buffer.from(page('ünïcode', '<meta charset="utf-16">'), 'utf8'));
    expect(result).toMatchObject({ encoding: 'utf-8', encodingSource: 'meta' });
    expect(result.html).toContain('ünïcode');
  });

  it('defaults pure ASCII to UTF-8 and detects undeclared UTF-8', () => {
    expect(decodeHtml(Buffer.from(page('hello')))).toMatchObject({ encoding: 'utf-8', encodingSource: 'default' });
    expect(decodeHtml(Buffer.from(page('naïve café')))).toMatchObject({ encoding: 'utf-8', encodingSource: 'detected' });
  });

  it('skips unknown and "replacement" labels instead of mis-decoding', () => {
    const bytes = iconv.encode(page(RUSSIAN), 'windows-1251');
    const result = decodeHtml(bytes, 'text/html; charset=x-made-up');
    expect(result.encodingSource).toBe('detected');
    expect(result.html).toContain(RUSSIAN);
    expect(resolveEncodingLabel('iso-2022-kr')).toBeUndefined();
  });

  it('reads the encoding of an XML declaration (feeds)', () => {
    const xml = `<?xml version="1.0" encoding="windows-1251"?><rss><channel><title>${RUSSIAN}</title></channel></rss>`;
    const result = decodeHtml(iconv.encode(xml, 'windows-1251'));
    expect(result).toMatchObject({ encoding: 'windows-1251', encodingSource: 'meta' });
  });

  it('strips NUL bytes from the decoded text', () => {
    const result = decodeHtml(Buffer.from('<p>a\u0000b\u0000c</p>'));
    expect(result.html).toBe('<p>abc</p>');
  });
});

describe('encoding labels', () => {
  it.each([
    ['latin1', 'windows-1252'],
    ['ISO-8859-1', 'windows-1252'],
    ['us-ascii', 'windows-1252'],
    ['iso-8859-9', 'windows-1254'],
    ['cp1251', 'windows-1251'],
    ['x-cp1251', 'windows-1251'],
    ['koi8', 'koi8-r'],
    ['gb2312', 'gbk'],
    ['sjis', 'shift_jis'],
    ['UTF8', 'utf-8'],
    ['tis-620', 'windows-874'],
  ])('%s → %s', (label, expected) => {
    expect(resolveEncodingLabel(label)).toBe(expected);
  });

  it('parses the charset parameter of a Content-Type', () => {
    expect(charsetFromContentType('text/html; charset=UTF-8')).toBe('UTF-8');
    expect(charsetFromContentType('text/html;charset="koi8-r"; foo=bar')).toBe('koi8-r');
    expect(charsetFromContentType('text/html')).toBeUndefined();
    expect(charsetFromContentType(undefined)).toBeUndefined();
  });
});

describe('chooseHtmlEncoding / decodeWithEncoding', () => {
  it('settles the encoding without decoding, and decoding with it later gives what decodeHtml gives', () => {
    const bodies: [Buffer, string | undefined][] = [
      [iconv.encode(page(RUSSIAN), 'win1251'), 'text/html; charset=windows-1251'],
      [iconv.encode(page(TURKISH, '<meta charset="iso-8859-9">'), 'win1254'), 'text/html'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page(TURKISH))]), 'text/html; charset=iso-8859-1'],
      [Buffer.from(page(`${RUSSIAN} \u0000 ${TURKISH}`)), undefined],
      [Buffer.from([0x3c, 0x70, 0x3e, 0x61, 0xff, 0x62, 0xe2, 0x82]), 'text/html; charset=utf-8'],
    ];
    for (const [body, header] of bodies) {
      const choice = chooseHtmlEncoding(body, header);
      const decoded = decodeHtml(body, header);
      expect(choice.encoding).toBe(decoded.encoding);
      expect(choice.encodingSource).toBe(decoded.encodingSource);
      expect(decodeWithEncoding(body, choice)).toBe(decoded.html);
    }
    expect(chooseHtmlEncoding(bodies[2]![0], bodies[2]![1])).toEqual({ encoding: 'utf-8', encodingSource: 'bom', bomLength: 3 });
  });

  it('decodes invalid UTF-8 with one U+FFFD per bad sequence and drops NUL bytes', () => {
    const body = Buffer.from([0x61, 0xff, 0x62, 0x00, 0x63, 0xe2, 0x82]);
    expect(decodeWithEncoding(body, { encoding: 'utf-8', bomLength: 0 })).toBe('a\uFFFDbc\uFFFD');
  });

  it('decodes UTF-8 exactly as Buffer#toString does, valid or not, in every script and at every length', () => {
    const texts = ['', 'plain ASCII <p>', 'café crème', `${RUSSIAN} ${TURKISH}`, 'Қазақстан Президенті', '😀 emoji 𝔘 and 中文', '\uFEFFBOM first'];
    const bodies = texts.map((text) => Buffer.from(text));
    bodies.push(
      Buffer.from([0x61, 0xff, 0x62, 0xe2, 0x82]), // a stray byte and a cut sequence
      Buffer.from([0xed, 0xa0, 0x80, 0x41]), // an encoded surrogate, invalid in UTF-8
      Buffer.from([0xc0, 0xaf, 0xf4, 0x90, 0x80, 0x80]), // overlong and above U+10FFFF
      Buffer.from(`${'Ж'.repeat(50_000)}x`).subarray(0, 100_000 - 1), // cut inside the last character
    );
    for (const body of bodies) expect(decodeUtf8(body)).toBe(body.toString('utf8'));
  });
});
