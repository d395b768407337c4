import type { Redis } from 'ioredis';
import robotsParserImport from 'robots-parser';
import { FetchError, classifyError } from '../fetch/errors.js';
import type { PageFetcher } from '../fetch/fetch-page.js';

/** What fetching /robots.txt produced: 2xx with a body, or 4xx ("no robots.txt"). 5xx/network errors throw. */
export interface RobotsFetchResult {
  status: number;
  body: string;
}

export type FetchRobots = (robotsUrl: string) => Promise<RobotsFetchResult>;

export interface RobotsGateOptions {
  redis: Redis;
  /** Namespace for the cache keys, e.g. 'newsflow:'. */
  keyPrefix: string;
  fetchRobots: FetchRobots;
  /** Our User-Agent (full string or product token); groups are matched on its product token. */
  userAgent: string;
  /** Cache lifetime of a successfully fetched robots.txt (RFC 9309 §2.4: at most 24 h). Default 24 h. */
  ttlSeconds?: number;
  /** Cache lifetime of a failed fetch (5xx, timeout, network), during which the origin is treated as disallowed. Default 10 min. */
  errorTtlSeconds?: number;
}

export interface RobotsVerdict {
  allowed: boolean;
  /** Crawl-delay for our user agent, if the site declares one (not clamped: the caller decides a ceiling). */
  crawlDelayMs?: number;
}

export interface RobotsGate {
  /**
   * Whether `url` may be fetched. Rejects with a transient FetchError while the origin's robots.txt
   * cannot be obtained (5xx, timeout, network): RFC 9309 §2.3.1.4 says to assume full disallow then.
   */
  check(url: string): Promise<RobotsVerdict>;
  /** The Sitemap: URLs listed in the origin's robots.txt (e.g. 'https://example.com'). */
  sitemaps(origin: string): Promise<string[]>;
}

const MAX_TTL_SECONDS = 24 * 60 * 60;
const DEFAULT_ERROR_TTL_SECONDS = 10 * 60;
/** Parsed robots are kept in-process briefly so a burst of checks does not hit Redis each time. */
const LOCAL_MEMO_MS = 30_000;
const LOCAL_MEMO_MAX = 1000;

/** What is stored in Redis: the raw inputs, so every worker parses the same thing. */
type CachedRobots =
  | { kind: 'rules'; status: number; body: string }
  | { kind: 'error'; code: FetchError['code']; message: string; status?: number };

type ParseRobots = (typeof robotsParserImport)['default'];
/**
 * robots-parser is CommonJS (`module.exports = fn`) but its typings declare an ES default export,
 * so under NodeNext TypeScript and Node disagree on what the default import is. Accept both shapes.
 */
const robotsParser: ParseRobots =
  typeof robotsParserImport === 'function' ? (robotsParserImport as unknown as ParseRobots) : robotsParserImport.default;

type Robot = ReturnType<ParseRobots>;

type LoadedRobots = { kind: 'rules'; robot: Robot } | { kind: 'error'; error: FetchError };

/** The product token robots.txt groups are matched against: 'newsflow/0.1 (+…)' → 'newsflow'. */
export function productToken(userAgent: string): string {
  return userAgent.trim().split(/[\s/]/)[0] ?? userAgent;
}

/**
 * Adapts a PageFetcher to the gate's `fetchRobots`: 2xx and 4xx are answers, everything else is a
 * FetchError. The fetcher applies the SSRF guard, timeouts, redirects and the 500 KiB truncation.
 */
export function robotsFetcherFrom(fetcher: Pick<PageFetcher, 'fetchRobotsTxt'>): FetchRobots {
  return async (robotsUrl) => {
    const { status, body } = await fetcher.fetchRobotsTxt(robotsUrl);
    return { status, body };
  };
}

export function createRobotsGate(options: RobotsGateOptions): RobotsGate {
  const ttlSeconds = Math.min(options.ttlSeconds ?? MAX_TTL_SECONDS, MAX_TTL_SECONDS);
  const errorTtlSeconds = Math.min(options.errorTtlSeconds ?? DEFAULT_ERROR_TTL_SECONDS, ttlSeconds);
  const agent = productToken(options.userAgent);
  const memo = new Map<string, { loaded: LoadedRobots; expiresAt: number }>();
  const inFlight = new Map<string, Promise<LoadedRobots>>();

  const keyFor = (origin: string): string => `${options.keyPrefix}robots:${origin}`;

  const toLoaded = (origin: string, cached: CachedRobots): LoadedRobots => {
    if (cached.kind === 'error') {
      return {
        kind: 'error',
        error: new FetchError(cached.code, `robots.txt for ${origin} unavailable: ${cached.message}`, {
          permanent: false,
          url: `${origin}/robots.txt`,
          ...(cached.status !== undefined ? { status: cached.status } : {}),
        }),
      };
    }
    // 4xx (including 401/403, per RFC 9309 §2.3.1.3) means "no rules": parse an empty file.
    const body = cached.status >= 200 && cached.status < 300 ? cached.body : '';
    return { kind: 'rules', robot: robotsParser(`${origin}/robots.txt`, body) };
  };

  const fetchAndCache = async (origin: string): Promise<CachedRobots> => {
    let entry: CachedRobots;
    let ttl = ttlSeconds;
    try {
      const { status, body } = await options.fetchRobots(`${origin}/robots.txt`);
      entry = { kind: 'rules', status, body };
    } catch (err) {
      const error = classifyError(err, `${origin}/robots.txt`);
      if (error.permanent) {
        // A robots.txt that can never be fetched (redirects into a loop, to a blocked address, …)
        // is "unavailable", which RFC 9309 treats like a 4xx: no rules.
        entry = { kind: 'rules', status: 404, body: '' };
      } else {
        entry = { kind: 'error', code: error.code, message: error.message, ...(error.status !== undefined ? { status: error.status } : {}) };
        ttl = errorTtlSeconds;
      }
    }
    await options.redis.set(keyFor(origin), JSON.stringify(entry), 'EX', ttl);
    return entry;
  };

  const load = async (origin: string): Promise<LoadedRobots> => {
    const now = Date.now();
    const memoised = memo.get(origin);
    if (memoised && memoised.expiresAt > now) return memoised.loaded;

    let pending = inFlight.get(origin);
    if (!pending) {
      pending = (async () => {
        const raw = await options.redis.get(keyFor(origin));
        const cached = raw !== null ? (JSON.parse(raw) as CachedRobots) : await fetchAndCache(origin);
        const loaded = toLoaded(origin, cached);
        // Do not memoise errors locally beyond Redis' own short TTL semantics: a retry should see
        // a recovered robots.txt as soon as the Redis entry expires.
        if (loaded.kind === 'rules') {
          if (memo.size >= LOCAL_MEMO_MAX) memo.delete(memo.keys().next().value as string);
          memo.set(origin, { loaded, expiresAt: Date.now() + LOCAL_MEMO_MS });
        }
        return loaded;
      })().finally(() => inFlight.delete(origin));
      inFlight.set(origin, pending);
    }
    return pending;
  };

  const originOf = (url: string): string => {
    try {
      return new URL(url).origin;
    } catch (cause) {
      throw new FetchError('invalid-url', `invalid URL: ${url}`, { permanent: true, url, cause });
    }
  };

  return {
    async check(url) {
      const loaded = await load(originOf(url));
      if (loaded.kind === 'error') throw loaded.error;
      // robots-parser answers undefined for URLs of another origin; we only ask about our own.
      const allowed = loaded.robot.isAllowed(url, agent) ?? true;
      const delaySeconds = loaded.robot.getCrawlDelay(agent);
      return {
        allowed,
        ...(delaySeconds !== undefined && Number.isFinite(delaySeconds) && delaySeconds > 0 ? { crawlDelayMs: Math.round(delaySeconds * 1000) } : {}),
      };
    },
    async sitemaps(origin) {
      const loaded = await load(originOf(origin));
      if (loaded.kind === 'error') throw loaded.error;
      return loaded.robot.getSitemaps();
    },
  };
}
