import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';

/**
 * newsflow's one configuration object, read from the environment and validated once at start-up.
 * Every field names its environment variable and default; a bad value stops the process with a
 * message naming the variable (see `loadConfig`).
 */

const intFromEnv = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be >= ${min}`)
    .max(max, `must be <= ${max}`);

const csv = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter((item) => item.length > 0));

const redisUrl = z.string().refine((value) => /^rediss?:\/\/[^\s]+$/.test(value), 'must be a redis:// or rediss:// URL');
const mongoUrl = z
  .string()
  .refine((value) => /^mongodb(\+srv)?:\/\/[^\s]+$/.test(value), 'must be a mongodb:// or mongodb+srv:// URL');

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Environment variable → config field, with defaults. The names are a public contract. */
const envSchema = z.object({
  /** Redis holding the queues and the crawl frontier. */
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  /** MongoDB (or a MongoDB-protocol server such as FerretDB); the path names the database. */
  MONGODB_URL: mongoUrl.default('mongodb://127.0.0.1:27017/newsflow'),
  /** Prefix of every BullMQ key, so several deployments or test runs can share one Redis. */
  NEWSFLOW_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only').default('newsflow'),
  NEWSFLOW_LOG_LEVEL: logLevel.default('info'),
  /** Concurrency of each worker role in one process. */
  NEWSFLOW_FETCH_CONCURRENCY: intFromEnv(1, 1000).default(16),
  /** Extraction is synchronous CPU, but each parse job also waits on Redis; two left the event loop idle. */
  NEWSFLOW_PARSE_CONCURRENCY: intFromEnv(1, 64).default(4),
  /**
   * A process running both fetch and parse (`worker all`) parses each page it fetched itself,
   * instead of queuing the raw page to the parse queue through Redis; pages that fail to parse
   * that way, and pages fetched elsewhere, still go through the parse queue.
   */
  NEWSFLOW_INLINE_PARSE: z.enum(['on', 'off'], { error: "must be 'on' or 'off'" }).default('on'),
  /** Store jobs mostly wait on MongoDB, part of it for the insert batches below. */
  NEWSFLOW_STORE_CONCURRENCY: intFromEnv(1, 256).default(16),
  /**
   * Workers send inserts of concurrent jobs to MongoDB together: a document waits at most this
   * long for others of its collection (0: sent alone, at once), or until NEWSFLOW_INSERT_BATCH_MAX wait.
   */
  NEWSFLOW_INSERT_BATCH_MS: intFromEnv(0, 1_000).default(20),
  NEWSFLOW_INSERT_BATCH_MAX: intFromEnv(1, 1_000).default(16),
  /** Attempts per job before it is given up (BullMQ owns every retry). */
  NEWSFLOW_ATTEMPTS: intFromEnv(1, 50).default(5),
  /** First retry delay; later ones grow exponentially with jitter. */
  NEWSFLOW_BACKOFF_MS: intFromEnv(10, 3_600_000).default(2_000),
  /** The same canonical URL is not scheduled again within this window. */
  NEWSFLOW_RECRAWL_WINDOW_HOURS: z.coerce.number({ error: 'must be a number' }).positive('must be > 0').max(24 * 365).default(24),
  /** Extra query parameters dropped during URL canonicalization (comma-separated). */
  NEWSFLOW_TRACKING_PARAMS: csv.default([]),
  /** The only way around the SSRF guard: host names, IP addresses or CIDR ranges (comma-separated). */
  NEWSFLOW_ALLOW_HOSTS: csv.default([]),
  NEWSFLOW_USER_AGENT: z
    .string()
    .min(1)
    .default('newsflow/0.1 (+https://github.com/newsflow/newsflow; news ingestion crawler)'),
  /** Per-host politeness defaults (sources may override). */
  NEWSFLOW_HOST_MAX_CONCURRENCY: intFromEnv(1, 100).default(2),
  NEWSFLOW_HOST_MIN_INTERVAL_MS: intFromEnv(0, 600_000).default(1_000),
  NEWSFLOW_MAX_BODY_BYTES: intFromEnv(1024, 1024 * 1024 * 1024).default(10 * 1024 * 1024),
  NEWSFLOW_CONNECT_TIMEOUT_MS: intFromEnv(100, 600_000).default(10_000),
  NEWSFLOW_RESPONSE_TIMEOUT_MS: intFromEnv(100, 600_000).default(20_000),
  NEWSFLOW_REQUEST_TIMEOUT_MS: intFromEnv(100, 3_600_000).default(60_000),
  /** Honour robots.txt (turn off only for sites you own). */
  NEWSFLOW_ROBOTS: z.enum(['on', 'off'], { error: "must be 'on' or 'off'" }).default('on'),
  /** Folder of source profiles (`*.json`). */
  NEWSFLOW_SOURCES_DIR: z.string().min(1).default('sources'),
  /** Seconds a worker waits for in-flight jobs on SIGTERM/SIGINT before exiting. */
  NEWSFLOW_SHUTDOWN_TIMEOUT_S: intFromEnv(0, 3600).default(30),
  /** How long a worker holds a job's lock; a crashed worker's jobs are taken over after about this long. */
  NEWSFLOW_LOCK_DURATION_MS: intFromEnv(1_000, 3_600_000).default(60_000),
  /**
   * A job attempt still running after this many seconds is abandoned and retried, so that one that
   * hangs (a connection that stalls without failing) cannot hold a worker's slot for good.
   */
  NEWSFLOW_JOB_TIMEOUT_S: intFromEnv(5, 86_400).default(300),
  /** Fetching pauses while more than this many pages wait to be parsed or stored (backpressure). */
  NEWSFLOW_MAX_DOWNSTREAM_BACKLOG: intFromEnv(10, 10_000_000).default(2_000),
  /** Port of the worker's /metrics, /healthz and /readyz endpoint (0 = off). */
  NEWSFLOW_METRICS_PORT: intFromEnv(0, 65535).default(0),
  /** Maximum Hamming distance of two SimHashes for near-duplicates. */
  NEWSFLOW_NEAR_DUPLICATE_DISTANCE: intFromEnv(0, 16).default(3),
  /** Minimum estimated Jaccard similarity (MinHash) of two articles' word shingles for near-duplicates. */
  NEWSFLOW_NEAR_DUPLICATE_JACCARD: z.coerce.number({ error: 'must be a number' }).min(0.05, 'must be >= 0.05').max(1, 'must be <= 1').default(0.5),
  /**
   * MiB of Redis for the Bloom filter in front of the near-duplicate index (0 = no filter): a
   * candidate search then skips the band keys no article has. 32 MiB hold ~1 M articles at ~2%
   * false positives; past that, searches ask about more keys but never miss one.
   */
  NEWSFLOW_NEAR_DUPLICATE_FILTER_MB: intFromEnv(0, 512).default(32),
});

export interface Config {
  redisUrl: string;
  mongoUrl: string;
  queuePrefix: string;
  logLevel: z.infer<typeof logLevel>;
  concurrency: { fetch: number; parse: number; store: number };
  /** NEWSFLOW_INLINE_PARSE: a process with fetch and parse parses the pages it fetched in place. */
  inlineParse: boolean;
  insertBatching: { lingerMs: number; maxBatch: number };
  attempts: number;
  backoffMs: number;
  recrawlWindowMs: number;
  trackingParams: string[];
  allowHosts: string[];
  userAgent: string;
  hostMaxConcurrency: number;
  hostMinIntervalMs: number;
  maxBodyBytes: number;
  timeouts: { connectMs: number; responseMs: number; requestMs: number };
  robots: boolean;
  sourcesDir: string;
  shutdownTimeoutMs: number;
  lockDurationMs: number;
  jobTimeoutMs: number;
  maxDownstreamBacklog: number;
  metricsPort: number;
  nearDuplicateDistance: number;
  nearDuplicateJaccard: number;
  nearDuplicateFilterMb: number;
  /** NEWSFLOW_* variables nothing reads, each with a "did you mean" when one is close: say them at start-up. */
  warnings: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Builds the config from an environment; throws `ConfigError` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape)
      .filter((name) => env[name] !== undefined && env[name] !== '')
      .map((name) => [name, env[name]]),
  );
  const parsed = envSchema.safeParse(present);
  // One line per bad variable: its name, the value it had (or its default), and what is wrong.
  const invalid = (problems: { name: string; value: unknown; message: string }[]) =>
    new ConfigError(`invalid configuration:\n  ${problems.map(({ name, value, message }) => `${name}=${JSON.stringify(String(value ?? ''))}: ${message}`).join('\n  ')}`);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      return { name, value: env[name], message: issue.message };
    }));
  }
  const e = parsed.data;
  if (e.NEWSFLOW_JOB_TIMEOUT_S * 1000 <= e.NEWSFLOW_REQUEST_TIMEOUT_MS) {
    throw invalid([{
      name: 'NEWSFLOW_JOB_TIMEOUT_S',
      value: e.NEWSFLOW_JOB_TIMEOUT_S,
      message: `must be longer than NEWSFLOW_REQUEST_TIMEOUT_MS (${e.NEWSFLOW_REQUEST_TIMEOUT_MS} ms), or every slow fetch would be abandoned`,
    }]);
  }
  return {
    redisUrl: e.REDIS_URL,
    mongoUrl: e.MONGODB_URL,
    queuePrefix: e.NEWSFLOW_QUEUE_PREFIX,
    logLevel: e.NEWSFLOW_LOG_LEVEL,
    concurrency: { fetch: e.NEWSFLOW_FETCH_CONCURRENCY, parse: e.NEWSFLOW_PARSE_CONCURRENCY, store: e.NEWSFLOW_STORE_CONCURRENCY },
    inlineParse: e.NEWSFLOW_INLINE_PARSE === 'on',
    // A linger of 0 means no batching at all, not batches of whatever arrived in the same tick.
    insertBatching: { lingerMs: e.NEWSFLOW_INSERT_BATCH_MS, maxBatch: e.NEWSFLOW_INSERT_BATCH_MS === 0 ? 1 : e.NEWSFLOW_INSERT_BATCH_MAX },
    attempts: e.NEWSFLOW_ATTEMPTS,
    backoffMs: e.NEWSFLOW_BACKOFF_MS,
    recrawlWindowMs: Math.round(e.NEWSFLOW_RECRAWL_WINDOW_HOURS * 3_600_000),
    trackingParams: e.NEWSFLOW_TRACKING_PARAMS,
    allowHosts: e.NEWSFLOW_ALLOW_HOSTS,
    userAgent: e.NEWSFLOW_USER_AGENT,
    hostMaxConcurrency: e.NEWSFLOW_HOST_MAX_CONCURRENCY,
    hostMinIntervalMs: e.NEWSFLOW_HOST_MIN_INTERVAL_MS,
    maxBodyBytes: e.NEWSFLOW_MAX_BODY_BYTES,
    timeouts: { connectMs: e.NEWSFLOW_CONNECT_TIMEOUT_MS, responseMs: e.NEWSFLOW_RESPONSE_TIMEOUT_MS, requestMs: e.NEWSFLOW_REQUEST_TIMEOUT_MS },
    robots: e.NEWSFLOW_ROBOTS === 'on',
    sourcesDir: e.NEWSFLOW_SOURCES_DIR,
    shutdownTimeoutMs: e.NEWSFLOW_SHUTDOWN_TIMEOUT_S * 1000,
    lockDurationMs: e.NEWSFLOW_LOCK_DURATION_MS,
    jobTimeoutMs: e.NEWSFLOW_JOB_TIMEOUT_S * 1000,
    maxDownstreamBacklog: e.NEWSFLOW_MAX_DOWNSTREAM_BACKLOG,
    metricsPort: e.NEWSFLOW_METRICS_PORT,
    nearDuplicateDistance: e.NEWSFLOW_NEAR_DUPLICATE_DISTANCE,
    nearDuplicateJaccard: e.NEWSFLOW_NEAR_DUPLICATE_JACCARD,
    nearDuplicateFilterMb: e.NEWSFLOW_NEAR_DUPLICATE_FILTER_MB,
    warnings: unknownVariableWarnings(env),
  };
}

/** NEWSFLOW_* names read outside this schema: the API's token, and the scripts', tests' and benchmarks' own. */
const OTHER_VARIABLES = [
  'NEWSFLOW_API_TOKEN', 'NEWSFLOW_REDIS_PORT', 'NEWSFLOW_MONGO_PORT', 'NEWSFLOW_FERRETDB_POSTGRESQL_URL',
  'NEWSFLOW_EXTRACTION_DATASET', 'NEWSFLOW_VARIANTS', 'NEWSFLOW_CHAOS_PAGES', 'NEWSFLOW_TEST_WORKER_LOGS', 'NEWSFLOW_TEST_LOG_LEVEL',
];

/**
 * The environment is shared with every other program, so an unknown name cannot be an error; but a
 * misspelt NEWSFLOW_ variable would silently keep its default, so it is named, with the likely fix.
 */
export function unknownVariableWarnings(env: NodeJS.ProcessEnv): string[] {
  const known = [...Object.keys(envSchema.shape).filter((name) => name.startsWith('NEWSFLOW_')), ...OTHER_VARIABLES];
  return Object.keys(env)
    .filter((name) => name.startsWith('NEWSFLOW_') && !known.includes(name))
    .sort()
    .map((name) => {
      const likely = closest(name, known);
      const hint = distance(name, likely) <= 3 ? ` (did you mean ${likely}?)` : '';
      return `${name} is not a newsflow setting${hint}; it has no effect`;
    });
}

/** The database name is the path of MONGODB_URL (`newsflow` when absent). */
export function databaseName(mongoUrl: string): string {
  const path = mongoUrl.replace(/^mongodb(\+srv)?:\/\/[^/]*/, '').replace(/^\//, '').split('?')[0] ?? '';
  return path.length > 0 ? decodeURIComponent(path) : 'newsflow';
}
