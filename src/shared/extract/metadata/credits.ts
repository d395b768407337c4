/** Parsing credit lines: "Haber: A – Fotoğraf: https://…", "Фото: ТАСС", "Photo: Reuters", "By A and B". */
import type { Credit } from '../types.js';
import { absoluteUrl, cleanText } from './text.js';
import { isPlausibleName, splitNames } from './names.js';

type LabelRole = Credit['role'] | 'author';

// Label (lower-case) → role. "author" labels produce authors, the rest credits.
const LABELS: Array<[string, LabelRole]> = [
  ['haber', 'author'], ['muhabir', 'author'], ['yazar', 'author'], ['yazan', 'author'], ['yazı', 'author'],
  ['haber-fotoğraf', 'author'], ['автор материала', 'author'], ['авторы', 'author'], ['автор', 'author'],
  ['текст', 'author'], ['авторлар', 'author'], ['мақала авторы', 'author'], ['тілші', 'author'],
  ['корреспондент', 'author'], ['author', 'author'], ['authors', 'author'], ['written by', 'author'],
  ['text', 'author'], ['words', 'author'], ['reporter', 'author'], ['reporting', 'author'], ['by', 'author'],
  ['editör', 'editor'], ['editor', 'editor'], ['edited by', 'editor'], ['редактор', 'editor'], ['редакторы', 'editor'],
  ['fotoğraflar', 'photo'], ['fotoğraf', 'photo'], ['foto', 'photo'], ['fotolar', 'photo'], ['görsel', 'photo'],
  ['photos', 'photo'], ['photo', 'photo'], ['photograph', 'photo'], ['photography', 'photo'], ['photo credit', 'photo'],
  ['image', 'photo'], ['image credit', 'photo'], ['images', 'photo'], ['picture', 'photo'], ['pictures', 'photo'],
  ['фото', 'photo'], ['фотограф', 'photo'], ['фотографии', 'photo'], ['сурет', 'photo'], ['суреттер', 'photo'],
  ['фотосурет', 'photo'], ['video', 'video'], ['videos', 'video'], ['видео', 'video'], ['бейне', 'video'],
  ['бейнежазба', 'video'], ['kamera', 'video'], ['source', 'source'], ['sources', 'source'], ['kaynak', 'source'],
  ['kaynaklar', 'source'], ['источник', 'source'], ['источники', 'source'], ['дереккөз', 'source'],
  ['дереккөзі', 'source'], ['via', 'source'], ['illustration', 'illustration'], ['illüstrasyon', 'illustration'],
  ['çizim', 'illustration'], ['иллюстрация', 'illustration'], ['infographic', 'illustration'], ['инфографика', 'illustration'],
  ['çeviri', 'other'], ['перевод', 'other'], ['translation', 'other'], ['аударма', 'other'], ['credit', 'other'], ['credits', 'other'],
];

const LABEL_ROLE = new Map(LABELS);
const LABEL_ALTERNATION = LABELS.map(([label]) => label.replace(/\s/g, '\\s+'))
  .sort((a, b) => b.length - a.length)
  .join('|');
// A label followed by ':' (or a spaced dash), at the start or after a separator.
const LABEL_AT = new RegExp(`(^|[\\s(\\[|/•·;,–—-])(${LABEL_ALTERNATION})\\s*(?::|：|\\s[–—-]\\s)\\s*`, 'giu');
// "By Jane Doe" / "Written by Jane Doe" without a colon, only at the start of a short line.
const BY_PREFIX = /^(?:written\s+by|reported\s+by|posted\s+by|published\s+by|words\s+by|story\s+by|by|от|автор)\s+(?=\p{Lu})/iu;
const URL_IN_TEXT = /(https?:\/\/[^\s,;()<>]+|www\.[^\s,;()<>]+)/i;
const MAX_LINE = 200;

function normalizeLabel(label: string): string {
  // JavaScript lower-cases Turkish "İ" to "i" plus a combining dot; drop the dot.
  return label.toLowerCase().replace(/\u0307/g, '').replace(/\s+/g, ' ');
}

function valueOf(segment: string): string {
  return cleanText(segment).replace(/^[\s:–—|•·-]+|[\s,;|/•·–—-]+$/g, '');
}

/**
 * Reads one short line as a credit line. Returns null for ordinary prose: the line must be short and
 * start with (or, after a separator, contain) a known label followed by ':' or a spaced dash.
 */
export function parseCreditLine(line: string, baseUrl: string): { authors: string[]; credits: Credit[] } | null {
  const text = cleanText(line);
  if (!text || text.length > MAX_LINE) return null;

  const labels: Array<{ start: number; valueStart: number; role: LabelRole }> = [];
  for (const m of text.matchAll(LABEL_AT)) {
    const role = LABEL_ROLE.get(normalizeLabel(m[2]!));
    if (!role) continue;
    labels.push({ start: m.index + m[1]!.length, valueStart: m.index + m[0].length, role });
  }
  const authors: string[] = [];
  const credits: Credit[] = [];

  if (!labels.length) {
    const by = BY_PREFIX.exec(text);
    if (!by || text.length > 100) return null;
    const names = splitNames(text.slice(by[0].length));
    if (!names.length || !names.every(isPlausibleName)) return null;
    return { authors: names, credits };
  }

  const first = labels[0]!;
  // The first label must open the line (allowing a bullet or bracket), or the line must be clearly short.
  const openingPrefix = text.slice(0, first.start);
  if (openingPrefix.trim() && (openingPrefix.length > 60 || !/[|/•·;,–—(\[-]\s*$/.test(openingPrefix))) return null;

  labels.forEach((label, i) => {
    const end = labels[i + 1]?.start ?? text.length;
    const value = valueOf(text.slice(label.valueStart, end));
    if (!value) return;
    // A site-relative path ("/about/partners") is a link too; resolve it against the page.
    const urlMatch = URL_IN_TEXT.exec(value) ?? /^(\/[\w\-./%~]+)$/.exec(value);
    const url = urlMatch ? absoluteUrl(/^www\./i.test(urlMatch[1]!) ? `https://${urlMatch[1]}` : urlMatch[1], baseUrl) : null;
    const rest = valueOf(urlMatch ? value.replace(urlMatch[0], ' ') : value);
    if (label.role === 'author') {
      const names = splitNames(rest).filter(isPlausibleName);
      authors.push(...names);
      if (!names.length && url) credits.push({ role: 'text', url });
      return;
    }
    if (rest && rest.split(/\s+/).length > 10) return; // prose, not a credit
    const credit: Credit = { role: label.role };
    if (rest) credit.name = rest;
    if (url) credit.url = url;
    if (credit.name || credit.url) credits.push(credit);
  });

  if (!authors.length && !credits.length) return null;
  return { authors, credits };
}
