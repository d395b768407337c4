import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { PageType } from '../types.js';
import type { Layout } from './content.js';
import { descendantsMatching } from '../descendants.js';
import { queryAll } from '../element-index.js';
import { jsonLdHasDatePublished } from './jsonld.js';

export interface PageTypeInput {
  $: CheerioAPI;
  url: string;
  jsonLdTypes: string[];
  bodyText: string;
  paragraphCount: number;
  /** Share of the page's visible text that sits inside links. */
  pageLinkDensity: number;
  /** Structure counted inside the extracted content. */
  content: ContentMarks;
  layout: Layout;
}

export interface ContentMarks {
  /** Timestamps: one per post in a discussion, one or two in an article. */
  times: number;
  /** Links to user profiles: one per post in a discussion. */
  profileLinks: number;
  /** Preformatted blocks and inline code: the stuff of documentation. */
  preBlocks: number;
  codeSpans: number;
}

const PROFILE_LINKS = 'a[href*="/u/"], a[href*="/user"], a[href*="/member"], a[href*="/profile"]';
const TIMESTAMPS = 'time, [itemprop="dateCreated"], [itemprop="datePublished"], [itemprop="commentTime"]';

/** Counts the content's discussion and documentation structure (cheap: the content subtree only). */
export function contentMarks($: CheerioAPI, roots: Element[]): ContentMarks {
  return {
    times: descendantsMatching(roots, TIMESTAMPS).length,
    profileLinks: descendantsMatching(roots, PROFILE_LINKS).length,
    preBlocks: descendantsMatching(roots, 'pre').length,
    codeSpans: descendantsMatching(roots, 'code').length,
  };
}

export interface PageTypeGuess {
  pageType: PageType;
  confidence: number;
}

const ARTICLE_TYPES = /^(?:NewsArticle|Article|BlogPosting|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|ReviewNewsArticle|BackgroundNewsArticle|LiveBlogPosting|TechArticle|ScholarlyArticle|Report|SocialMediaPosting)$/;
const LISTING_TYPES = /^(?:CollectionPage|ItemList|SearchResultsPage|SiteNavigationElement)$/;
const TAG_PATH = /\/(?:tags?|etiket(?:ler)?|konu|теги|тег|tegi?|hashtag|topics?)\/[^/]+\/?$/i;
const AUTHOR_PATH = /\/(?:authors?|yazar(?:lar)?|avtor|автор|writers?|columnists?|profile)\/[^/]+\/?$/i;
const LISTING_PATH = /\/(?:category|categories|kategori|section|rubric|rubrika|рубрика|archive|arsiv|news|haberler|novosti|жаңалықтар|page\/\d+)\/?$/i;
/** Documentation, forum threads, product and shop pages. */
const OTHER_PATH = /\/(?:docs?|documentation|manual|reference|api|wiki|forums?|threads?|topic|questions|community|discussions?|products?|shop|store|pricing|services?|cart|p)\//i;
const ARTICLE_PATH = /\/(?:19|20)\d\d[/-]\d\d|[-_/]\d{5,}(?:\.html?)?$|\.html?$|\/[^/]*-[^/]*-[^/]*-[^/]*\/?$/i;

const DISCUSSION_MARKS = 4;

/**
 * Article vs listing/home/tag/author/other from independent signals, each voting with a weight;
 * confidence is the winning share of the votes.
 */
export function guessPageType(input: PageTypeInput): PageTypeGuess {
  const votes: Record<PageType, number> = { article: 0, listing: 0, tag: 0, author: 0, home: 0, other: 0 };
  const { $ } = input;
  let path = '/';
  try {
    path = new URL(input.url).pathname;
  } catch {
    // keep '/' for unparsable URLs
  }

  const ogType = (queryAll($, 'meta[property="og:type"]').attr('content') ?? '').trim().toLowerCase();
  if (ogType === 'article') votes.article += 2;
  else if (ogType === 'website') votes.listing += 0.5;
  else if (ogType === 'profile') votes.author += 2;
  else if (ogType !== '') votes.other += 1;

  for (const type of input.jsonLdTypes) {
    if (ARTICLE_TYPES.test(type)) votes.article += 2.5;
    else if (LISTING_TYPES.test(type)) votes.listing += 1;
    else if (type === 'ProfilePage' || type === 'Person') votes.author += 0.5;
    else if (/^(?:Product|QAPage|DiscussionForumPosting|FAQPage|Recipe|Event|Course|SoftwareApplication)$/.test(type)) votes.other += 1.5;
  }

  if (path === '/' || path === '' || /^\/(?:index\.\w+|[a-z]{2}(?:-[a-z]{2})?)\/?$/i.test(path)) votes.home += 3;
  if (TAG_PATH.test(path)) votes.tag += 3;
  if (AUTHOR_PATH.test(path)) votes.author += 3;
  if (LISTING_PATH.test(path)) votes.listing += 2;
  if (ARTICLE_PATH.test(path)) votes.article += 1;

  const textLength = input.bodyText.length;
  if (textLength > 1500 && input.paragraphCount >= 4) votes.article += 2;
  else if (textLength > 600 && input.paragraphCount >= 2) votes.article += 1;
  else if (textLength < 300) votes.listing += 1;
  if (input.pageLinkDensity > 0.5) votes.listing += 1.5;

  // News and blog posts carry a publication date; docs, products, services and forums rarely do.
  const dated =
    queryAll($, 'meta[property="article:published_time"], meta[itemprop="datePublished"], [itemprop="datePublished"], time[datetime], meta[name="pubdate"], meta[name="publish-date"], meta[name="date"]').length > 0 ||
    jsonLdHasDatePublished($) ||
    /\/(?:19|20)\d\d[/-]\d\d(?:[/-]\d\d)?\//.test(path);
  if (!dated) votes.other += 2.5;
  // Several posts, each signed with a user link and a timestamp: a forum thread or Q&A page.
  const marks = input.content;
  if (marks.times >= DISCUSSION_MARKS && marks.profileLinks >= DISCUSSION_MARKS - 1) votes.other += 3.5;
  // One article holds nearly all of its page's prose; listings and shop grids have none.
  if (input.layout === 'scattered') votes.other += 2;
  else if (input.layout === 'no-prose') votes.listing += 2.5;
  // Undated pages made of code samples are documentation.
  if (!dated && (marks.preBlocks >= 3 || marks.codeSpans >= 10)) votes.other += 2;
  if (OTHER_PATH.test(path)) votes.other += 2.5;
  if (queryAll($, 'meta[property="og:type"][content*="product"], [itemtype*="schema.org/Product"]').length > 0) votes.other += 2;

  const teasers = queryAll($, 'article').length;
  if (teasers >= 6) votes.listing += 2;

  // Tag, author and home pages are kinds of listing: listing evidence supports the specific kind.
  if (votes.home >= 3 && votes.article < 4.5) votes.home += votes.listing;
  else if (votes.tag >= 3) votes.tag += votes.listing;
  else if (votes.author >= 3) votes.author += votes.listing;
  let best: PageType = 'other';
  let bestVotes = 0.75;
  let total = 0.75;
  for (const [type, v] of Object.entries(votes) as Array<[PageType, number]>) {
    total += v;
    if (v > bestVotes) {
      best = type;
      bestVotes = v;
    }
  }
  return { pageType: best, confidence: Math.round((bestVotes / total) * 100) / 100 };
}
