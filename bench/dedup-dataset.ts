/**
 * Labelled near-duplicate pairs for bench/dedup.ts, built deterministically from the article bodies
 * of the extraction-dev dataset. Positives are the edits that must not create a second stored
 * article; negatives are pairs that must stay separate even though they look alike.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Article {
  id: string;
  url: string;
  host: string;
  title: string;
  body: string;
  words: number;
}

export type PairKind =
  | 'boilerplate-added'
  | 'boilerplate-swapped'
  | 'related-links-changed'
  | 'typo-corrected'
  | 'rewrapped'
  | 'tracking-appended'
  | 'combined-edits'
  | 'same-site'
  | 'similar-topic'
  | 'any-other-article'
  | 'same-template'
  | 'same-template-short';

export interface LabelledPair {
  kind: PairKind;
  duplicate: boolean;
  a: string;
  b: string;
  /** Article ids involved, for reporting. */
  ids: [string, string];
}

interface GroundTruthEntry {
  url?: string;
  pageType?: string;
  title?: string;
  articleBody?: string;
}

export function datasetDir(): string {
  return process.env.NEWSFLOW_EXTRACTION_DATASET ?? resolve(process.cwd(), '../shared/datasets/extraction-dev');
}

const countWords = (text: string): number => text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;

export function loadArticles(dir: string, minWords = 200): Article[] {
  const truth = JSON.parse(readFileSync(resolve(dir, 'ground-truth.json'), 'utf8')) as Record<string, GroundTruthEntry>;
  const articles: Article[] = [];
  for (const [id, entry] of Object.entries(truth).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (entry.pageType !== 'article' && entry.pageType !== 'blog') continue;
    const body = entry.articleBody ?? '';
    const words = countWords(body);
    if (words < minWords || !entry.url) continue;
    articles.push({ id, url: entry.url, host: new URL(entry.url).hostname.replace(/^www\./, ''), title: entry.title ?? '', body, words });
  }
  return articles;
}

/** mulberry32: tiny, fast, good enough for picking variants reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Site chrome of the kind extractors let through. Several languages, since newsflow ingests tr/ru/kk/en. */
const HEADERS = [
  'Home › News › World. Published 12 March 2025, 14:05 GMT. Updated 13 March 2025. By Staff Reporter. Share on Facebook, X, WhatsApp, Email. 5 min read.',
  'Главная › Новости › Политика. Опубликовано 12.03.2025 14:05. Обновлено 13.03.2025. Поделиться: ВКонтакте, Telegram, Одноклассники.',
  'Басты бет › Жаңалықтар › Саясат. Жарияланды: 12.03.2025, 14:05. Бөлісу: Facebook, Telegram, WhatsApp.',
  'Ana Sayfa › Gündem › Dünya. Yayınlanma: 12.03.2025 14:05. Güncelleme: 13.03.2025. Paylaş: Facebook, X, WhatsApp. Okuma süresi 5 dakika.',
];
const FOOTERS = [
  '© 2025 Example Media Group. All rights reserved. Subscribe to our newsletter to get the most important stories of the day delivered to your inbox every morning. Privacy policy · Terms of use · Cookie settings · Contact us · Advertise with us.',
  '© 2025 ООО «Медиа Групп». Все права защищены. Подпишитесь на нашу рассылку, чтобы первыми узнавать главные новости дня. Политика конфиденциальности · Пользовательское соглашение · Реклама на сайте.',
  '© 2025 Медиа тобы. Барлық құқықтар қорғалған. Материалдарды пайдаланған кезде сайтқа гиперсілтеме міндетті. Жарнама бөлімі · Байланыс · Құпиялылық саясаты.',
  '© 2025 Örnek Medya A.Ş. Tüm hakları saklıdır. Günün en önemli haberlerini her sabah e-posta kutunuza gönderelim: bültenimize abone olun. Gizlilik politikası · Kullanım koşulları · Künye · İletişim.',
];
const TRACKING_TAILS = [
  'Follow us on Telegram for breaking news: t.me/examplenews. Join our WhatsApp channel and never miss a story.',
  'Подписывайтесь на наш Telegram-канал, чтобы первыми узнавать о главных событиях: t.me/examplenews.',
  'Жаңалықтарды бірінші болып білгіңіз келсе, Telegram арнамызға жазылыңыз: t.me/examplenews.',
  'Son dakika haberleri için bizi Telegram ve WhatsApp kanallarımızdan takip edin: t.me/ornekhaber.',
];
/** Three paragraphs shared by every page of one imaginary site template (the same-template negatives). */
const TEMPLATE_PARAGRAPHS = [
  'Example Daily is an independent newsroom covering politics, business, technology and culture. Our journalists work in twelve countries and publish around the clock, and every story is checked by at least two editors before publication.',
  'Support independent journalism. Readers like you make our reporting possible: become a member for less than the price of a coffee a month and get ad-free reading, exclusive newsletters and access to our full archive since 1998.',
  'Have a news tip? Contact our newsroom securely by email or through our encrypted messaging channel. We protect our sources and never share personal information with third parties. Corrections can be sent to the standards editor.',
];

function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== '');
}

function relatedBlock(random: () => number, titles: readonly string[]): string {
  const items = Array.from({ length: 5 }, () => pick(random, titles));
  return `Related articles\n${items.map((title) => `• ${title}`).join('\n')}`;
}

/** Replace one word of at least 5 letters with a one-letter edit of itself (a corrected typo). */
function withTypo(random: () => number, text: string): string {
  const words = [...text.matchAll(/\p{L}{5,}/gu)];
  if (words.length === 0) return `${text} x`;
  const match = pick(random, words);
  const word = match[0];
  const position = 1 + Math.floor(random() * (word.length - 2));
  const typo = word.slice(0, position) + word[position + 1] + word[position] + word.slice(position + 2);
  return text.slice(0, match.index) + typo + text.slice(match.index! + word.length);
}

/** Same words, different layout: paragraphs merged in pairs, lines hard-wrapped at ~70 characters. */
function rewrapped(text: string): string {
  const merged: string[] = [];
  const parts = paragraphs(text);
  for (let i = 0; i < parts.length; i += 2) merged.push(parts.slice(i, i + 2).join(' '));
  return merged
    .map((paragraph) => paragraph.replace(/(.{60,70}?)\s+/g, '$1\n'))
    .join('\n\n');
}

function firstWords(text: string, count: number): string {
  return text.split(/\s+/).slice(0, count).join(' ');
}

export interface BuildOptions {
  seed?: number;
  /** Limit the number of originals (default: all usable). */
  limit?: number;
}

export function buildPairs(articles: readonly Article[], options: BuildOptions = {}): LabelledPair[] {
  const random = seededRandom(options.seed ?? 20261126);
  const originals = articles.slice(0, options.limit ?? articles.length);
  const titles = articles.map((article) => article.title).filter((title) => title !== '');
  const pairs: LabelledPair[] = [];
  const push = (kind: PairKind, duplicate: boolean, a: string, b: string, ids: [string, string]): void => {
    pairs.push({ kind, duplicate, a, b, ids });
  };

  for (const article of originals) {
    const body = article.body;
    const ids: [string, string] = [article.id, article.id];
    const header = pick(random, HEADERS);
    const footer = pick(random, FOOTERS);
    push('boilerplate-added', true, body, `${header}\n\n${body}\n\n${footer}`, ids);
    push('boilerplate-swapped', true, `${header}\n\n${body}\n\n${footer}`, `${body}\n\n${pick(random, FOOTERS.filter((f) => f !== footer))}`, ids);
    push('related-links-changed', true, `${body}\n\n${relatedBlock(random, titles)}`, `${body}\n\n${relatedBlock(random, titles)}`, ids);
    push('typo-corrected', true, withTypo(random, body), body, ids);
    push('rewrapped', true, body, rewrapped(body), ids);
    push('tracking-appended', true, body, `${body}\n\n${pick(random, TRACKING_TAILS)}`, ids);
    push(
      'combined-edits',
      true,
      `${header}\n\n${body}\n\n${relatedBlock(random, titles)}`,
      `${rewrapped(withTypo(random, body))}\n\n${pick(random, TRACKING_TAILS)}\n\n${footer}`,
      ids,
    );
  }

  // Negatives: every pair of distinct originals (covers same-site and similar-topic pairs, labelled as such below).
  for (let i = 0; i < originals.length; i++) {
    for (let j = i + 1; j < originals.length; j++) {
      const a = originals[i]!;
      const b = originals[j]!;
      const kind: PairKind = a.host === b.host ? 'same-site' : 'any-other-article';
      push(kind, false, a.body, b.body, [a.id, b.id]);
    }
  }

  // Same template: two different articles wrapped in the same three boilerplate paragraphs —
  // full bodies, and the hard case of only the first 120 words each (boilerplate ≈ 45 % of the text).
  const template = (text: string): string => `${TEMPLATE_PARAGRAPHS[0]}\n\n${text}\n\n${TEMPLATE_PARAGRAPHS[1]}\n\n${TEMPLATE_PARAGRAPHS[2]}`;
  for (let i = 0; i + 1 < originals.length; i++) {
    const a = originals[i]!;
    const b = originals[i + 1]!;
    push('same-template', false, template(a.body), template(b.body), [a.id, b.id]);
    push('same-template-short', false, template(firstWords(a.body, 120)), template(firstWords(b.body, 120)), [a.id, b.id]);
  }
  return pairs;
}

/** Marks the most similar other article of each original (by word-set overlap) as a 'similar-topic' negative. */
export function labelSimilarTopic(pairs: LabelledPair[], originals: readonly Article[], wordsOf: (text: string) => readonly string[]): void {
  const sets = new Map(originals.map((article) => [article.id, new Set(wordsOf(article.body).filter((w) => w.length > 3))]));
  const nearest = new Map<string, string>();
  for (const article of originals) {
    const own = sets.get(article.id)!;
    let best: { id: string; score: number } | null = null;
    for (const other of originals) {
      if (other.id === article.id) continue;
      const theirs = sets.get(other.id)!;
      let shared = 0;
      for (const word of own) if (theirs.has(word)) shared++;
      const score = shared / (own.size + theirs.size - shared);
      if (best === null || score > best.score) best = { id: other.id, score };
    }
    if (best) nearest.set(article.id, best.id);
  }
  for (const pair of pairs) {
    if (pair.kind !== 'any-other-article') continue;
    const [a, b] = pair.ids;
    if (nearest.get(a) === b || nearest.get(b) === a) pair.kind = 'similar-topic';
  }
}
