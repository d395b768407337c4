import { findDatesInText } from '../metadata/date-parse.js';
import type { Block } from './blocks.js';

/**
 * Reading time and relative dates, in en/tr/ru/kk: "5 min read", "3 dk okuma", "7 минут чтения",
 * "2 days ago", "3 gün önce", "2 дня назад", "2 күн бұрын".
 */
const READING_TIME =
  /\d+\s*(?:min(?:ute)?s?\.?|dk\.?|dakika|мин(?:ут\p{L}*)?\.?)\s*(?:read|okuma|чтения|оқу)|(?:read(?:ing)? time|okuma süresi|время чтения|оқу уақыты)\s*:?\s*\d+/iu;
const TIME_AGO =
  /\d+\s*(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago|\d+\s*(?:saniye|dakika|saat|gün|hafta|ay|yıl)\s+önce|\d+\s*(?:секунд\p{L}*|минут\p{L}*|час\p{L}*|дн\p{L}*|день|недел\p{L}*|месяц\p{L}*|год\p{L}*|лет)\s+назад|\d+\s*(?:секунд|минут|сағат|күн|апта|ай|жыл)\s+бұрын/iu;
/** A dateline is a row of metadata, not a sentence: a date, a name, a label or two. */
const DATELINE_MAX = 120;
const DATELINE_MAX_WORDS = 10;
/** Only the top: the row sits between the title and the first paragraph. */
const HEAD_BLOCKS = 3;
/** A paragraph this long is the article itself: nothing after it is the head any more. */
const PARAGRAPH = 200;

/**
 * The byline/date row at the top of the body ("Jane Doe • November 4, 2025", "Updated: Dec 4,
 * 2025", "12 min read", "2 days ago"): metadata, not article text. The metadata readers still get
 * the row (it is some pages' only printed date), so this runs last, after they have their text.
 * A date inside a sentence ("On 2 Dec 2024, I received…") has more words than a row of metadata
 * and stays.
 */
export function dropLeadingDatelines(blocks: Block[]): Block[] {
  const drop = new Set<number>();
  let seen = 0;
  for (let i = 0; i < blocks.length && seen < HEAD_BLOCKS; i++) {
    const block = blocks[i]!;
    if (block.kind === 'figure') continue;
    if (block.text.length > PARAGRAPH) break;
    seen++;
    if (isDateline(block.text)) drop.add(i);
  }
  // A page that is only a date keeps it.
  if (drop.size === 0 || drop.size === blocks.length) return blocks;
  return blocks.filter((_, i) => !drop.has(i));
}

function isDateline(text: string): boolean {
  if (text.length > DATELINE_MAX) return false;
  const words = text.replace(/[\p{N}\p{P}\p{S}]+/gu, ' ').trim().split(/\s+/).length;
  if (words > DATELINE_MAX_WORDS) return false;
  return READING_TIME.test(text) || TIME_AGO.test(text) || findDatesInText(text).length > 0;
}
