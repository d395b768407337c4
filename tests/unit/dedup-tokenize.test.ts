import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/shared/dedup/tokenize.js';

describe('tokenize', () => {
  it.each([
    ['en', "The minister's decision, announced on 12 May, didn't surprise anyone.", ['the', 'ministers', 'decision', 'announced', 'on', '12', 'may', 'didnt', 'surprise', 'anyone']],
    ['tr', "Cumhurbaşkanı Ankara'da İstanbul’un ışıklı sokaklarını övdü.", ['cumhurbaşkani', 'ankarada', 'istanbulun', 'işikli', 'sokaklarini', 'övdü']],
    ['ru', 'Глава государства провёл совещание — «по итогам года».', ['глава', 'государства', 'провёл', 'совещание', 'по', 'итогам', 'года']],
    ['kk', 'Мемлекет басшысы Қасым-Жомарт Тоқаев Ұлттық құрылтайда сөз сөйледі.', ['мемлекет', 'басшысы', 'қасым', 'жомарт', 'тоқаев', 'ұлттық', 'құрылтайда', 'сөз', 'сөйледі']],
  ])('%s', (_language, text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it('keeps words split only by invisible characters whole', () => {
    expect(tokenize('jour\u00adnalism zero\u200bwidth')).toEqual(['journalism', 'zerowidth']);
  });

  it('treats NFD and NFC input alike', () => {
    expect(tokenize('Café Ñandú'.normalize('NFD'))).toEqual(tokenize('Café Ñandú'));
  });

  it('removes stop words only when asked and the language is known', () => {
    const text = 'The state and the people of Kazakhstan';
    expect(tokenize(text)).toHaveLength(7);
    expect(tokenize(text, { language: 'en', removeStopWords: true })).toEqual(['state', 'people', 'kazakhstan']);
    expect(tokenize('ve bir yeni yasa', { language: 'tr', removeStopWords: true })).toEqual(['yeni', 'yasa']);
    expect(tokenize('и в новый закон', { language: 'ru', removeStopWords: true })).toEqual(['новый', 'закон']);
    expect(tokenize('және жаңа заң', { language: 'kk', removeStopWords: true })).toEqual(['жаңа', 'заң']);
    expect(tokenize('the law', { language: 'xx', removeStopWords: true })).toEqual(['the', 'law']);
  });
});
