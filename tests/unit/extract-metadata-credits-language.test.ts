import { describe, expect, it } from 'vitest';
import { parseCreditLine } from '../../src/shared/extract/metadata/index.js';
import { chooseLanguage, detectLanguage, normalizeLanguageTag } from '../../src/shared/extract/metadata/language.js';

const BASE = 'https://news.example.com/article/1';

describe('parseCreditLine', () => {
  const cases: Array<{ line: string; want: ReturnType<typeof parseCreditLine> }> = [
    {
      line: 'Haber: Abdullah Yiğit – Fotoğraf: https://www.akorda.kz/kz',
      want: { authors: ['Abdullah Yiğit'], credits: [{ role: 'photo', url: 'https://www.akorda.kz/kz' }] },
    },
    { line: 'Muhabir: Ayşe Kaya', want: { authors: ['Ayşe Kaya'], credits: [] } },
    { line: 'Yazar: Mehmet Demir', want: { authors: ['Mehmet Demir'], credits: [] } },
    { line: 'Автор: Иван Петров', want: { authors: ['Иван Петров'], credits: [] } },
    { line: 'Текст: Анна Смирнова, фото: ТАСС', want: { authors: ['Анна Смирнова'], credits: [{ role: 'photo', name: 'ТАСС' }] } },
    { line: 'Авторы: Иван Петров и Мария Иванова', want: { authors: ['Иван Петров', 'Мария Иванова'], credits: [] } },
    { line: 'Авторлар: Айгүл Сейітқызы және Ерлан Қасымов', want: { authors: ['Айгүл Сейітқызы', 'Ерлан Қасымов'], credits: [] } },
    { line: 'Author: Jane Roe', want: { authors: ['Jane Roe'], credits: [] } },
    { line: 'Written by Jane Roe and John Doe', want: { authors: ['Jane Roe', 'John Doe'], credits: [] } },
    { line: 'By Jane Roe', want: { authors: ['Jane Roe'], credits: [] } },
    { line: 'Foto: AA', want: { authors: [], credits: [{ role: 'photo', name: 'AA' }] } },
    { line: 'Фото: РИА Новости', want: { authors: [], credits: [{ role: 'photo', name: 'РИА Новости' }] } },
    { line: 'Сурет: akorda.kz', want: { authors: [], credits: [{ role: 'photo', name: 'akorda.kz' }] } },
    { line: 'Photo: Reuters', want: { authors: [], credits: [{ role: 'photo', name: 'Reuters' }] } },
    { line: 'Video: https://youtu.be/abc', want: { authors: [], credits: [{ role: 'video', url: 'https://youtu.be/abc' }] } },
    { line: 'Видео: Пресс-служба Кремля', want: { authors: [], credits: [{ role: 'video', name: 'Пресс-служба Кремля' }] } },
    { line: 'Source: Associated Press', want: { authors: [], credits: [{ role: 'source', name: 'Associated Press' }] } },
    { line: 'Kaynak: Anadolu Ajansı', want: { authors: [], credits: [{ role: 'source', name: 'Anadolu Ajansı' }] } },
    { line: 'Источник: Интерфакс', want: { authors: [], credits: [{ role: 'source', name: 'Интерфакс' }] } },
    { line: 'Дереккөз: Kazinform', want: { authors: [], credits: [{ role: 'source', name: 'Kazinform' }] } },
    { line: 'Source: /about/partners', want: { authors: [], credits: [{ role: 'source', url: 'https://news.example.com/about/partners' }] } },
  ];
  it.each(cases)('$line', ({ line, want }) => {
    expect(parseCreditLine(line, BASE)).toEqual(want);
  });

  const prose = [
    'The minister said the photo was taken in 2019 and published without consent.',
    'By the way, the meeting went on until late at night and nobody left early.',
    'Bakan, fotoğraf konusunda açıklama yapmadı ve sorulara yanıt vermedi.',
    'Министр заявил, что источник информации пока не раскрыт, и отказался от комментариев.',
    'Ол кездесуде бірнеше маңызды мәселені көтерді.',
    'By 2030 the city plans to double its metro network.',
    '',
    `Author: ${'very long '.repeat(30)}`,
  ];
  it.each(prose)('returns null for prose: %s', (line) => {
    expect(parseCreditLine(line, BASE)).toBeNull();
  });
});

describe('detectLanguage', () => {
  const samples: Array<{ lang: string; text: string }> = [
    { lang: 'tr', text: 'Başkentte uzun süredir beklenen metro hattı bugün düzenlenen törenle hizmete açıldı.' },
    { lang: 'tr', text: 'Bakanlık, yeni düzenlemenin gelecek ay yürürlüğe gireceğini açıkladı.' },
    { lang: 'ru', text: 'Президент провёл совещание с членами правительства по экономическим вопросам.' },
    { lang: 'ru', text: 'В Алматы открылся новый музей современного искусства, сообщили в акимате.' },
    { lang: 'kk', text: 'Мемлекет басшысы Ақордада Қытай делегациясын қабылдады.' },
    { lang: 'kk', text: 'Алматыда жаңа заманауи өнер мұражайы ашылды, деп хабарлады әкімдік.' },
    { lang: 'kk', text: 'Үкімет отырысында елдегі экономикалық жағдай талқыланды.' },
    { lang: 'en', text: 'The government announced a new plan to improve public transport in the capital.' },
    { lang: 'en', text: 'Police said the suspect was arrested on Tuesday evening near the station.' },
  ];
  it.each(samples)('$lang: $text', ({ lang, text }) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('tells Russian that quotes a Kazakh name from Kazakh', () => {
    expect(detectLanguage('Аким города Ерғали Қасымов заявил, что ремонт дорог завершится к осени этого года.')).toBe('ru');
  });

  it('returns null for text too short to tell', () => {
    expect(detectLanguage('OK 123')).toBeNull();
  });
});

describe('chooseLanguage', () => {
  const base = { title: null, lead: null, ogLocale: null, contentLanguage: null };
  it('trusts the content over a wrong html lang', () => {
    expect(chooseLanguage({ ...base, bodyText: 'Мемлекет басшысы Ақордада Қытай делегациясын қабылдады және екі ел арасындағы қарым-қатынасты талқылады.', htmlLang: 'ru' })).toBe('kk');
    expect(chooseLanguage({ ...base, bodyText: 'Başkentte uzun süredir beklenen metro hattı bugün düzenlenen törenle hizmete açıldı.', htmlLang: 'en' })).toBe('tr');
  });
  it('falls back to the declared language on short texts', () => {
    expect(chooseLanguage({ ...base, bodyText: 'Фото', htmlLang: 'ru-RU' })).toBe('ru');
    expect(chooseLanguage({ ...base, bodyText: '', htmlLang: null, ogLocale: 'tr_TR' })).toBe('tr');
    expect(chooseLanguage({ ...base, bodyText: '', htmlLang: 'kz' })).toBe('kk');
  });
  it('normalizes tags', () => {
    expect(normalizeLanguageTag('en-US')).toBe('en');
    expect(normalizeLanguageTag('rus')).toBe('ru');
    expect(normalizeLanguageTag('')).toBeNull();
  });
});
