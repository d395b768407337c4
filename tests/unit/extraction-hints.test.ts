import { describe, expect, it } from 'vitest';
import { extractArticle, InvalidHintError } from '../../src/shared/extract/index.js';
import { extractionHintsFor } from '../../src/shared/sources/extraction-hints.js';
import { sourceProfileSchema } from '../../src/shared/sources/schema.js';

const profile = (extra: Record<string, unknown>) =>
  sourceProfileSchema.parse({ id: 'press', name: 'Press', allowedHosts: ['www.akorda.kz'], languages: ['kk'], startUrls: ['https://www.akorda.kz/kz/events'], ...extra });

describe("a source profile's hints for the extractor", () => {
  it("passes the source's time zone, so a shown local time becomes the right UTC instant", () => {
    const hints = extractionHintsFor(profile({ timeZone: 'Asia/Almaty' }));
    expect(hints).toEqual({ timeZone: 'Asia/Almaty' });
    const html = `<html lang="kk"><body><article><h1>Мемлекет басшысы шетелдік делегацияны қабылдады</h1>
      <div class="date">10 қазан 2024, 12:40</div>
      ${'<p>Мемлекет басшысы Ақордада мемлекеттік сапармен келген делегацияны қабылдады, тараптар екіжақты ынтымақтастықты талқылады.</p>'.repeat(6)}
      </article></body></html>`;
    expect(extractArticle(html, 'https://www.akorda.kz/kz/events/1', hints).publishedAt).toBe('2024-10-10T07:40:00.000Z');
  });

  it('leaves the zone out when the profile does not name one (UTC default) and keeps selectors', () => {
    expect(extractionHintsFor(profile({}))).toBeUndefined();
    expect(extractionHintsFor(profile({ extraction: { body: '.news-body' } }))).toEqual({ body: '.news-body' });
    expect(extractionHintsFor(undefined)).toBeUndefined();
  });

  it('refuses a hint selector that does not compile, naming the hint, instead of ignoring it', () => {
    const html = '<html><body><article><h1>Title</h1><p>Body text.</p></article></body></html>';
    const run = () => extractArticle(html, 'https://www.akorda.kz/kz/events/1', { body: '.news-body', remove: ['.ad', 'div['] });
    expect(run).toThrow(InvalidHintError);
    expect(run).toThrow('extraction hint remove "div[" is not a usable CSS selector: Expected name, found');
  });
});
