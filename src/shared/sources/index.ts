export { sourceProfileSchema, compilePattern, type SourceProfile, type SourceProfileInput } from './schema.js';
export { loadSources, parseSourceProfile, SourceProfileError, type ParseSourceResult } from './load.js';
export { isInScope, isCrawlableUrl, linkPriority, sourceForUrl, LINK_PRIORITY } from './scope.js';
