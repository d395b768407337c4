import { describe, expect, it } from 'vitest';
import { contentFingerprint, normalizeForFingerprint } from '../../src/shared/dedup/fingerprint.js';
import { foldCase } from '../../src/shared/dedup/fold.js';
import { fingerprintText } from '../../src/shared/dedup/document.js';
import { DEFAULT_MINHASH_SHINGLE_SIZE, minhashOfTokens } from '../../src/shared/dedup/minhash.js';
import { DEFAULT_SHINGLE_SIZE, simhashOfTokens } from '../../src/shared/dedup/simhash.js';
import { tokenize } from '../../src/shared/dedup/tokenize.js';
import { articleDocumentFor } from '../../src/shared/article-document.js';
import type { ExtractedArticle } from '../../src/shared/extract/types.js';
import { searchTerms } from '../../src/shared/search-terms.js';

describe('foldCase', () => {
  it('folds the four Turkish i letters to "i" regardless of locale', () => {
    expect(foldCase('İSTANBUL Istanbul istanbul ıstanbul')).toBe('istanbul istanbul istanbul istanbul');
    expect(foldCase('KIŞ')).toBe(foldCase('kış'));
    expect(foldCase('I\u0307')).toBe('i');
  });

  it('folds final sigma and sharp s', () => {
    expect(foldCase('ΣΟΦΌΣ')).toBe(foldCase('σοφός'));
    expect(foldCase('STRASSE')).toBe(foldCase('straße'));
  });

  it('lower-cases Cyrillic and Kazakh letters', () => {
    expect(foldCase('ҚАЗАҚСТАН ӘЛЕМ ҒЫЛЫМ ҢӨҰҮҺІ')).toBe('қазақстан әлем ғылым ңөұүһі');
    expect(foldCase('МОСКВА')).toBe('москва');
  });
});

describe('normalizeForFingerprint / contentFingerprint', () => {
  it.each([
    ['Hello,   world!', 'hello world'],
    ['  «Ankara’da»  bugün…\n\n\tyağmur  ', 'ankarada bugün yağmur'],
    ['e-mail', 'email'],
    ['Цена: 100 ₽ (+5 %)', 'цена 100 5'],
    ['soft\u00adhyphen zero\u200bwidth', 'softhyphen zerowidth'],
    ['Cafe\u0301', 'café'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeForFingerprint(input)).toBe(expected);
  });

  it('ignores whitespace, punctuation, case and Unicode normalisation form', () => {
    const a = 'Президент Казахстана Касым-Жомарт Токаев подписал закон. «Это важно», — сказал он.';
    const b = 'ПРЕЗИДЕНТ КАЗАХСТАНА КАСЫМЖОМАРТ ТОКАЕВ ПОДПИСАЛ ЗАКОН\nЭто важно сказал он';
    expect(contentFingerprint(a)).toBe(contentFingerprint(b));
    expect(contentFingerprint('İzmir’de deprem')).toBe(contentFingerprint('IZMIRDE DEPREM'));
    expect(contentFingerprint('Café'.normalize('NFD'))).toBe(contentFingerprint('café'));
  });

  it('changes when a word changes', () => {
    expect(contentFingerprint('the minister resigned')).not.toBe(contentFingerprint('the minister resigns'));
  });

  it('is a sha256 hex digest', () => {
    expect(contentFingerprint('x')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('fingerprintText', () => {
  // Stored fingerprints must not change when the computation is reorganised: a changed
  // fingerprint would make every re-fetched article look new.
  const texts = [
    'İSTANBUL (AA) - Cumhurbaşkanı Tokayev’in ziyareti ikili ilişkilerin önüne yeni ufuklar açtı.',
    'Президент Казахстана Касым-Жомарт Токаев провёл встречу с делегацией.',
    'Мемлекет басшысы Қасым-Жомарт Тоқаев шетелдік инвесторлармен кездесті.',
    'The President said: "don\u2019t stop" \u2014 a soft\u00adhyphen and a zero\u200bwidth space. ΣΟΦΟΣ straße',
    '',
  ];

  it.each(texts)('gives the fingerprints of folding, tokenizing and hashing separately: %s', (text) => {
    const tokens = tokenize(text);
    expect(fingerprintText(text)).toEqual({
      fingerprint: contentFingerprint(text),
      simhash: simhashOfTokens(tokens, DEFAULT_SHINGLE_SIZE),
      minhash: minhashOfTokens(tokens, DEFAULT_MINHASH_SHINGLE_SIZE),
    });
  });
});

describe('articleDocumentFor', () => {
  // The store stage tokenizes the body once for fingerprints and search terms; both must stay
  // what the separate functions give, or search and dedup would disagree with earlier documents.
  const article = (title: string, bodyText: string, language: string): ExtractedArticle => ({
    title, lead: null, siteName: null, section: null, tags: [], authors: [], credits: [], publishedAt: null, modifiedAt: null,
    language, bodyText, bodyHtml: `<p>${bodyText}</p>`, canonicalUrl: null, ampUrl: null, images: [], relatedLinks: [], outlinks: [],
    pageType: 'article', pageTypeConfidence: 1,
  });
  const context = {
    url: 'https://example.org/a', canonicalUrl: 'https://example.org/a', finalUrl: 'https://example.org/a', pageId: 'p',
    sourceId: null, httpStatus: 200, contentType: 'text/html', fetchedAt: new Date(0), fetchJobId: 'j',
  };

  it.each([
    ['Tokayev’in Ankara ziyareti', 'İSTANBUL (AA) - Cumhurbaşkanı Tokayev’in ziyareti ikili ilişkilerin önüne yeni ufuklar açtı.', 'tr'],
    ['Визит в Анкару', 'Президент Казахстана Касым-Жомарт Токаев провёл встречу с делегацией. Визит продолжится.', 'ru'],
    ['Мемлекет басшысы', 'Мемлекет басшысы Қасым-Жомарт Тоқаев шетелдік инвесторлармен кездесті.', 'kk'],
  ])('has the search terms and fingerprints of computing each on its own: %s', (title, body, language) => {
    const doc = articleDocumentFor(article(title, body, language), context, []);
    expect(doc.terms).toEqual(searchTerms(title, body));
    expect({ fingerprint: doc.contentFingerprint, simhash: doc.simhash, minhash: doc.minhash }).toEqual(fingerprintText(body, { language }));
  });
});
