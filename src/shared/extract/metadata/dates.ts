/**
 * Choosing the publication and modification instants of a page from prioritized sources:
 * selector hint, JSON-LD, meta tags, microdata, header <time>, visible dates near the title, URL path.
 */
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { articleNodes, stringOf, type JsonLdNode } from './json-ld.js';
import { allMeta, type MetaTags } from './meta-tags.js';
import { cleanText, shortTextOf, textJustBefore, textWithBreaks } from './text.js';
import { articleRoot, isInExcludedZone, mainHeading } from './zones.js';
import { dateFromUrl, findDatesInText, parseMachineDate, type DateParseOptions, type ParsedDate } from './date-parse.js';
import { descendantsMatching } from '../descendants.js';
import { queryAll } from '../element-index.js';

export interface DateInput {
  $: CheerioAPI;
  url: string;
  bodyText: string;
  meta: MetaTags;
  jsonLd: JsonLdNode[];
  hintSelector?: string | undefined;
  /** Source-level default offset for dates that state no zone. */
  defaultOffsetMinutes?: number | null;
  /** IANA zone of the source (its profile's timeZone) for dates that state no zone; wins over the offset the page's metadata states. */
  timeZone?: string | null | undefined;
  language?: string | null;
}

interface Candidate {
  date: ParsedDate;
  /** Lower is better. */
  priority: number;
  source: string;
}

const PUBLISHED_META = [
  'article:published_time', 'og:published_time', 'article:published', 'published_time', 'datepublished',
  'dc.date.issued', 'dcterms.issued', 'dc.date.created', 'dcterms.created', 'sailthru.date', 'parsely-pub-date',
  'pubdate', 'publishdate', 'publish-date', 'publish_date', 'article.published', 'date', 'dc.date', 'dcterms.date',
  'cxenseparse:recs:publishtime', 'article_date_original', 'original-publish-date', 'datecreated',
];
const MODIFIED_META = [
  'article:modified_time', 'og:updated_time', 'article:modified', 'modified_time', 'datemodified',
  'dc.date.modified', 'dcterms.modified', 'last-modified', 'lastmod', 'article.updated', 'revised',
];

// Labels that mark a visible date as an update rather than the publication.
const UPDATE_LABEL =
  /(updated|update|modified|edited|last\s+modified|güncell\p{L}*|düzenlen\p{L}*|обновлен\p{L}*|изменен\p{L}*|жаңартыл\p{L}*|өзгертіл\p{L}*)\s*:?\s*$/iu;

const DATE_CONTAINER_HINT =
  /(date|time|tarih|zaman|datum|fecha|published|posted|pubdate|meta|byline|info|details|article-header|entry-header|post-header|уақыт|күні|дата|время)/i;

function pageOffset(meta: MetaTags, jsonLd: JsonLdNode[]): number | null {
  // A page that states its offset once (meta or JSON-LD) uses it for its visible dates too.
  const values = [...allMeta(meta, [...PUBLISHED_META, ...MODIFIED_META])];
  for (const node of articleNodes(jsonLd)) {
    for (const key of ['datePublished', 'dateModified', 'dateCreated']) {
      const v = stringOf(node[key]);
      if (v) values.push(v);
    }
  }
  for (const value of values) {
    const parsed = parseMachineDate(value);
    if (parsed && parsed.offsetMinutes !== null && !parsed.dateOnly) return parsed.offsetMinutes;
  }
  return null;
}

interface DisplayedDate {
  date: ParsedDate;
  isUpdate: boolean;
}

function labelledAsUpdate(el: Element, ownText: string, textBefore: string): boolean {
  const hint = `${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''} ${el.attribs['itemprop'] ?? ''}`;
  if (/updat|modif|güncel|обновл|жаңарт/i.test(hint)) return true;
  // The label often sits in a sibling or the parent just before the date ("Last updated: <time>").
  const lead = `${ownText ? cleanText(textJustBefore(el, 200)).slice(-40) : ''} ${textBefore}`.trim();
  return UPDATE_LABEL.test(lead);
}

/**
 * Dates the page displays with its headline, in document order: <time> elements and elements whose
 * class says date/time/meta, within the nearest ancestors of the <h1> (or the article root).
 */
// Page builders nest the headline deeply and put the date in a sibling block a few levels up; higher up come related-post lists.
const HEADLINE_SCOPE_DEPTH = 5;

function displayedDates($: CheerioAPI, options: DateParseOptions): DisplayedDate[] {
  const h1 = mainHeading($);
  const scopes: Element[] = [];
  if (h1.length) {
    let scope = h1.parent();
    for (let depth = 0; depth < HEADLINE_SCOPE_DEPTH && scope.length && scope.get(0)!.type === 'tag' && scope.get(0)!.name !== 'body'; depth++) {
      scopes.push(scope.get(0) as Element);
      scope = scope.parent();
    }
  }
  // A post card of a "related" grid is an <article> too: the root counts only when it holds the headline.
  const root = articleRoot($).get(0);
  if (root && (!h1.length || $(root).find(h1).length > 0)) scopes.push(root);
  for (const scope of scopes) {
    if (!scope) continue;
    const found: DisplayedDate[] = [];
    const seen = new Set<Element>();
    $(descendantsMatching([scope], 'time, [itemprop="datePublished"], [itemprop="dateModified"], [class], [id]').slice(0, 3000))
      .each((_, el) => {
        if (el.type !== 'tag') return;
        const isTime = el.name === 'time' || el.attribs['itemprop'] !== undefined;
        const hint = `${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`;
        if (!isTime && !DATE_CONTAINER_HINT.test(hint)) return;
        for (let p = el.parent; p; p = p.parent) if (seen.has(p as Element)) return; // inside an element already read
        if (isInExcludedZone(el)) return;
        const text = cleanText(shortTextOf(el, 1_000, { breaks: true }) ?? '');
        if (!isTime && (text.length === 0 || text.length > 160)) return;
        const machine = el.attribs['datetime'] ?? el.attribs['content'] ?? (isTime ? el.attribs['title'] : undefined);
        const dates: Array<{ date: ParsedDate; before: string }> = [];
        const parsedMachine = machine ? parseMachineDate(machine, options) : null;
        if (parsedMachine) dates.push({ date: parsedMachine, before: '' });
        else for (const date of findDatesInText(text, options)) dates.push({ date, before: text.slice(Math.max(0, date.index - 30), date.index) });
        if (!dates.length) return;
        seen.add(el);
        for (const { date, before } of dates) {
          const isUpdate = el.attribs['itemprop'] === 'dateModified' || labelledAsUpdate(el, text, before);
          found.push({ date, isUpdate });
        }
      });
    if (found.length) return found;
  }
  return [];
}

function headlineBlockDate($: CheerioAPI, options: DateParseOptions): ParsedDate | null {
  const h1 = mainHeading($);
  let scope = h1.parent();
  for (let depth = 0; depth < 3 && scope.length && scope.get(0)!.type === 'tag'; depth++) {
    const text = textWithBreaks(scope.get(0)!);
    if (text.length > 2000) break;
    const dates = findDatesInText(text, options);
    // An "Updated: <date>" line is still the only date a reader sees when it stands alone.
    const found = dates.find((d) => !UPDATE_LABEL.test(text.slice(Math.max(0, d.index - 30), d.index))) ?? dates[0];
    if (found) return found;
    scope = scope.parent();
  }
  return null;
}

/** Whether a candidate is plausible against the others: not far after every date from other sources on the page. */
function plausibleAgainst(everything: Candidate[]): (candidate: Candidate) => boolean {
  // The latest date of each source, ranked once: "the latest date from another source" is then a
  // lookup, where comparing every pair made a page of thousands of dates quadratic.
  const latestBySource = new Map<string, number>();
  for (const o of everything) {
    const at = Date.parse(o.date.iso);
    if (!(at <= (latestBySource.get(o.source) ?? -Infinity))) latestBySource.set(o.source, at);
  }
  const ranked = [...latestBySource].sort((a, b) => b[1] - a[1]);
  return (c) => {
    const latestOther = ranked.find(([source]) => source !== c.source)?.[1];
    if (latestOther === undefined) return true;
    // Far-future dates (copyright years, event dates, broken CMS fields) lose to the rest of the page.
    return Date.parse(c.date.iso) <= latestOther + 400 * 86_400_000;
  };
}

function best(candidates: Candidate[]): ParsedDate | null {
  if (!candidates.length) return null;
  const sorted = [...candidates].sort((a, b) => a.priority - b.priority);
  const top = sorted[0]!;
  // A day-only candidate gains its time of day from an equally good source on the same day.
  if (top.date.dateOnly) {
    const sameDay = sorted.find(
      (c) => !c.date.dateOnly && c.priority <= top.priority + 3 && c.date.iso.slice(0, 10) === top.date.iso.slice(0, 10),
    );
    if (sameDay) return sameDay.date;
  }
  return top.date;
}

export interface ExtractedDates {
  publishedAt: string | null;
  modifiedAt: string | null;
  /** Offset the page stated for the publication time (minutes east of UTC), null when none. */
  publishedOffsetMinutes: number | null;
}

export function extractDates(input: DateInput): ExtractedDates {
  const { $, meta, jsonLd } = input;
  const offset = input.defaultOffsetMinutes ?? pageOffset(meta, jsonLd);
  const options: DateParseOptions = {
    defaultOffsetMinutes: offset,
    timeZone: input.timeZone ?? null,
    slashOrder: input.language === 'en' || (!input.language && /^en/i.test(queryAll($, 'html').attr('lang') ?? '')) ? 'mdy' : 'dmy',
  };
  const published: Candidate[] = [];
  const modified: Candidate[] = [];
  const add = (list: Candidate[], value: string | null | undefined, priority: number, source: string): void => {
    if (!value) return;
    const date = parseMachineDate(value, options);
    if (date) list.push({ date, priority, source });
  };

  if (input.hintSelector) {
    $(input.hintSelector).each((_, el) => {
      if (el.type !== 'tag') return;
      add(published, el.attribs['datetime'] ?? el.attribs['content'] ?? cleanText($(el).text()), 0, 'hint');
    });
  }

  for (const node of articleNodes(jsonLd)) {
    add(published, stringOf(node['datePublished']) ?? stringOf(node['dateCreated']), 10, 'json-ld');
    add(modified, stringOf(node['dateModified']), 10, 'json-ld');
  }
  PUBLISHED_META.forEach((key, i) => {
    const value = meta.get(key)?.[0];
    add(published, value, 20 + i * 0.1, 'meta');
  });
  // Scholarly (citation_*) and home-grown keys ("w-published-date", "published") say the same in other words.
  for (const [key, values] of meta) {
    if (PUBLISHED_META.includes(key) || MODIFIED_META.includes(key)) continue;
    if (/^citation_(publication_|online_)?date$|publish|pubdate/.test(key) && !/modif|updat|expir|time_?zone/.test(key)) add(published, values[0], 25, 'meta');
  }
  MODIFIED_META.forEach((key, i) => add(modified, meta.get(key)?.[0], 20 + i * 0.1, 'meta'));

  queryAll($, '[itemprop="datePublished"], [itemprop="dateCreated"], [itemprop*="publish" i]').each((_, el) => {
    if (el.type !== 'tag' || isInExcludedZone(el)) return;
    add(published, el.attribs['datetime'] ?? el.attribs['content'] ?? cleanText($(el).text()), 30, 'microdata');
  });
  queryAll($, '[itemprop="dateModified"]').each((_, el) => {
    if (el.type !== 'tag' || isInExcludedZone(el)) return;
    add(modified, el.attribs['datetime'] ?? el.attribs['content'] ?? cleanText($(el).text()), 30, 'microdata');
  });

  // <time> elements: the first one in the article header, never those in sidebars, related lists or comments.
  const times = queryAll($, 'time').toArray().filter((el) => !isInExcludedZone(el));
  times.forEach((el, i) => {
    const value = el.attribs['datetime'] || cleanText($(el).text());
    const context = `${el.attribs['class'] ?? ''} ${el.attribs['itemprop'] ?? ''} ${$(el).parent().attr('class') ?? ''}`;
    const isUpdate = /updat|modif|güncel|обновл/i.test(context) || el.attribs['itemprop'] === 'dateModified';
    const inArticle = $(el).closest('article, header, main, [class*="article" i], [class*="post" i], [class*="entry" i]').length > 0;
    add(isUpdate ? modified : published, value, (inArticle ? 35 : 45) + Math.min(i, 9) * 0.1, 'time');
  });

  const fromUrl = dateFromUrl(input.url);
  const everything = [...published, ...modified];
  const plausible = plausibleAgainst(everything);
  const structuredPublished = best(published.filter(plausible));
  let modifiedDate = best(modified.filter(plausible));

  // What the page shows under its headline is what readers (and annotators) take as its date;
  // an explicit "updated" date counts only when the page shows no other.
  const displayed = displayedDates($, options).filter((d) => plausible({ date: d.date, priority: 0, source: 'shown' }));
  const shown = displayed.find((d) => !d.isUpdate) ?? displayed[0];
  let publishedDate: ParsedDate | null = null;
  if (shown) {
    // Keep the structured instant (with its time of day) when it names the same day.
    const sameDay = [...published, ...modified].find((c) => c.date.iso.slice(0, 10) === shown.date.iso.slice(0, 10) && !c.date.dateOnly);
    publishedDate = shown.date.dateOnly && sameDay ? sameDay.date : shown.date;
  }
  publishedDate ??= structuredPublished;
  // Last resort before the URL: any date written in the block around the headline.
  if (!publishedDate) publishedDate = headlineBlockDate($, options);
  if (!publishedDate && fromUrl) publishedDate = fromUrl;
  if (!publishedDate) {
    // The start of the article text often carries the dateline.
    publishedDate = findDatesInText(input.bodyText.slice(0, 300), options)[0] ?? null;
  }
  // URL dates are exact days: a date far from it is a different (often wrong) field.
  if (publishedDate && fromUrl) {
    const gapDays = Math.abs(Date.parse(publishedDate.iso) - Date.parse(fromUrl.iso)) / 86_400_000;
    if (gapDays > 2) publishedDate = structuredPublished && Math.abs(Date.parse(structuredPublished.iso) - Date.parse(fromUrl.iso)) <= 2 * 86_400_000 ? structuredPublished : fromUrl;
  }
  if (publishedDate && modifiedDate && Date.parse(modifiedDate.iso) < Date.parse(publishedDate.iso)) modifiedDate = null;
  return {
    publishedAt: publishedDate?.iso ?? null,
    modifiedAt: modifiedDate?.iso ?? null,
    publishedOffsetMinutes: publishedDate ? publishedDate.offsetMinutes ?? offset ?? null : null,
  };
}
