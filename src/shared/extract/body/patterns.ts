/** Tag and name vocabularies shared by the body-extraction steps. */

/** Elements whose content is never article text. */
export const JUNK_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object', 'embed', 'button',
  'input', 'select', 'textarea', 'option', 'link', 'meta', 'head', 'dialog', 'map', 'audio', 'video',
  'source', 'track', 'math', 'title',
]);

/** Elements that are page chrome whatever their class says. */
export const CHROME_TAGS = new Set(['nav', 'footer', 'aside', 'menu']);

export const CHROME_ROLES = /^(?:navigation|banner|contentinfo|complementary|menu|menubar|search|dialog|alertdialog|toolbar)$/i;

/** Inline elements: their boundaries do not separate words. Everything else does. */
export const INLINE_TAGS = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd',
  'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var',
  'wbr', 'label', 'nobr', 'big', 'acronym',
]);

export const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/**
 * class/id fragments of boilerplate containers. Matched against the lower-cased class+id string.
 * Multilingual where sites use native words (tr: paylas, yorum, etiket; ru: kommentarii...).
 */
export const BOILERPLATE_NAMES = new RegExp(
  [
    '(?:^|[\\s_-])ads?(?:$|[\\s_-])', 'advert', 'banner', 'breadcrumb', 'combx', 'comment', 'community', 'cookie',
    'consent', 'gdpr', 'disqus', 'footer', 'masthead', 'header', 'menu', 'navbar', '(?:^|[\\s_-])nav(?:$|[\\s_-])',
    'navigation', 'pagination', 'pager', 'popup', 'modal', 'newsletter', 'subscribe', 'subscription', 'signup',
    'promo', 'sponsor', 'share', 'sharing', 'social', 'sidebar', 'side-bar', 'related', 'recommend',
    'similar', 'read-?also', 'more-news', 'morenews', 'most-?read', 'most-?popular', 'trending',
    'tags(?:$|[\\s_-])', 'tag-?(?:list|cloud|links|box)', 'post-tags', 'skyscraper', 'shoutbox', 'rss', 'print', 'toolbar',
    'author-?box', 'author-?bio', 'byline', 'meta-?data', 'post-?meta', 'entry-?meta', 'article-?meta',
    'date', 'views?-?count', 'counter', 'rating', 'login', 'search', 'paylas', 'yorum', 'etiket', 'ilgili',
    'benzer', 'reklam', 'sr-only', 'visually-hidden', 'screen-reader', 'offcanvas', 'overlay',
    'caption', 'credit', 'copyright', 'infobox', 'toc(?:$|[\\s_-])', 'table-of-contents', 'jump-?link',
    'supplemental', 'outbrain', 'taboola', 'mgid', 'teaser', 'carousel', 'slider', 'ticker', 'breaking',
    'lang-?switch', 'language', 'skip-?link',
  ].join('|'),
  'i',
);

/** class/id fragments of article-content containers; they outweigh boilerplate names. */
export const CONTENT_NAMES =
  /article|body|content|entry|main|post|story|text|news-?detail|haber-?detay|detay|icerik|metin|blog|prose|rich-?text|markdown|page-?content|description|single/i;

/** Strong, specific names of the article-text element itself. */
export const STRONG_BODY_NAMES =
  /article[-_]?(?:body|text|content)|articlebody|entry[-_]?content|post[-_]?(?:body|content|text)|story[-_]?(?:body|content|text)|news[-_]?(?:text|body|content)|content[-_]?(?:body|text)|body[-_]?text|text[-_]?content|td-post-content|haber[-_]?(?:detay|metni|icerik)|detay[-_]?(?:icerik|metin)|full[-_]?text|main[-_]?text|rich[-_]?text/i;

/** Related / more-news blocks (class/id names). */
export const RELATED_NAMES =
  /related|similar|more[-_]?(?:news|stories|articles|from|on|posts|like)|read[-_]?(?:also|more|next)|also[-_]?read|see[-_]?also|recommend|ilgili|benzer|diger[-_]?haber|pohozhie|po[-_]?teme|chitaite|taғy|tagy[-_]?oqy|next[-_]?(?:post|article)s?|you[-_]?may|suggested/i;

/**
 * Headings introducing related blocks, in tr/ru/kk/en and common European languages. Tested on
 * lower-cased heading text.
 */
export const RELATED_HEADINGS =
  /^(?:related|related (?:news|stories|articles|posts|content|reading)|more (?:news|stories|from|on|like this|articles|to read)|read (?:also|more|next)|also read|see also|you (?:may|might) (?:also )?(?:like|be interested)|recommended|ähnliche (?:artikel|beiträge|themen)|das könnte sie auch interessieren|mehr zum thema|lesen sie auch|articles similaires|à lire aussi|lire aussi|sur le même sujet|artículos relacionados|noticias relacionadas|te puede interesar|articoli correlati|leggi anche|potrebbe interessarti|artigos relacionados|leia também|veja também|podobne artykuły|czytaj także|czytaj też|gerelateerde artikelen|lees ook|ilgili (?:haberler|haber|yazılar|içerikler)|benzer (?:haberler|içerikler|yazılar)|diğer haberler|bunlar da ilginizi çekebilir|ilginizi çekebilir|похожие(?: новости| материалы| статьи)?|читайте также|по теме|другие новости|ещё по теме|еще по теме|смотрите также|тағы оқыңыз|тақырыпқа қатысты|ұқсас жаңалықтар|басқа жаңалықтар)(?![\p{L}\p{N}])/u;
