import { describe, expect, it } from 'vitest';
import { ConfigError, databaseName, loadConfig } from '../../src/shared/config.js';

describe('config', () => {
  it('has working defaults for a local machine', () => {
    const config = loadConfig({});
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.mongoUrl).toBe('mongodb://127.0.0.1:27017/newsflow');
    expect(config.allowHosts).toEqual([]);
    expect(config.hostMaxConcurrency).toBe(2);
    expect(config.hostMinIntervalMs).toBe(1000);
    expect(config.maxBodyBytes).toBe(10 * 1024 * 1024);
    expect(config.recrawlWindowMs).toBe(24 * 3_600_000);
  });

  it('reads lists and numbers from the environment', () => {
    const config = loadConfig({ NEWSFLOW_ALLOW_HOSTS: '127.0.0.1, localhost,10.0.0.0/8', NEWSFLOW_FETCH_CONCURRENCY: '4', NEWSFLOW_TRACKING_PARAMS: 'ref,from' });
    expect(config.allowHosts).toEqual(['127.0.0.1', 'localhost', '10.0.0.0/8']);
    expect(config.concurrency.fetch).toBe(4);
    expect(config.trackingParams).toEqual(['ref', 'from']);
  });

  it('batches inserts by default, and not at all when the wait is 0 ms', () => {
    expect(loadConfig({}).insertBatching).toEqual({ lingerMs: 20, maxBatch: 16 });
    expect(loadConfig({ NEWSFLOW_INSERT_BATCH_MS: '0', NEWSFLOW_INSERT_BATCH_MAX: '50' }).insertBatching).toEqual({ lingerMs: 0, maxBatch: 1 });
    expect(loadConfig({ NEWSFLOW_INSERT_BATCH_MS: '5', NEWSFLOW_INSERT_BATCH_MAX: '4' }).insertBatching).toEqual({ lingerMs: 5, maxBatch: 4 });
  });

  it.each([
    ['NEWSFLOW_INSERT_BATCH_MS', '-1', '>='],
    ['REDIS_URL', 'localhost:6379', 'redis://'],
    ['MONGODB_URL', 'postgres://x', 'mongodb://'],
    ['NEWSFLOW_FETCH_CONCURRENCY', 'many', 'number'],
    ['NEWSFLOW_FETCH_CONCURRENCY', '0', '>='],
    ['NEWSFLOW_ROBOTS', 'maybe', "'on' or 'off'"],
    ['NEWSFLOW_QUEUE_PREFIX', 'a:b', 'letters'],
    ['NEWSFLOW_LOG_LEVEL', 'loud', ''],
  ])('rejects %s=%s with a message naming the variable', (name, value, hint) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`${name}=${JSON.stringify(value)}`);
    expect((error as Error).message).toContain(hint);
  });

  it('gives every job attempt a deadline longer than a fetch may take', () => {
    expect(loadConfig({}).jobTimeoutMs).toBe(300_000);
    expect(loadConfig({ NEWSFLOW_JOB_TIMEOUT_S: '90' }).jobTimeoutMs).toBe(90_000);
    expect(() => loadConfig({ NEWSFLOW_JOB_TIMEOUT_S: '60' })).toThrow(
      'NEWSFLOW_JOB_TIMEOUT_S="60": must be longer than NEWSFLOW_REQUEST_TIMEOUT_MS (60000 ms), or every slow fetch would be abandoned',
    );
    expect(() => loadConfig({ NEWSFLOW_JOB_TIMEOUT_S: '0' })).toThrow(/NEWSFLOW_JOB_TIMEOUT_S="0": must be >= 5/);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ REDIS_URL: 'x', MONGODB_URL: 'y' })).toThrow(/REDIS_URL[\s\S]*MONGODB_URL/);
  });

  it('takes the database name from the MongoDB URL path', () => {
    expect(databaseName('mongodb://127.0.0.1:27017/newsflow')).toBe('newsflow');
    expect(databaseName('mongodb://u:p@h1,h2/news_db?replicaSet=rs0')).toBe('news_db');
    expect(databaseName('mongodb://127.0.0.1:27017')).toBe('newsflow');
  });
});
