import type { Db, MongoClient } from 'mongodb';
import type { Redis } from 'ioredis';
import { loadConfig, type Config } from '../shared/config.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { createRedisConnection } from '../shared/redis.js';
import { ensureIndexes } from '../shared/store/collections.js';
import { connectMongo } from '../shared/store/mongo.js';
import { createPipelineQueues, closePipelineQueues, type PipelineQueues } from '../queues/index.js';

/** A user-facing failure: printed as one line, exit code 1, no stack trace. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** Connections a command opens on demand and closes when it ends. */
export class CliContext {
  readonly config: Config;
  readonly log: Logger;
  private redis?: Redis;
  private mongo?: { client: MongoClient; db: Db };
  private pipeline?: PipelineQueues;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.config = loadConfig(env);
    this.log = createLogger(this.config.logLevel === 'info' ? 'warn' : this.config.logLevel, { component: 'cli' });
    for (const warning of this.config.warnings) process.stderr.write(`newsflow: warning: ${warning}\n`);
  }

  queues(): PipelineQueues {
    this.redis ??= createRedisConnection(this.config.redisUrl, { forWorker: false });
    this.pipeline ??= createPipelineQueues({ connection: this.redis, prefix: this.config.queuePrefix, config: this.config });
    return this.pipeline;
  }

  async db(): Promise<Db> {
    if (!this.mongo) {
      try {
        this.mongo = await connectMongo(this.config.mongoUrl);
      } catch (error) {
        throw new CliError(`cannot reach MongoDB at ${this.config.mongoUrl} (MONGODB_URL): ${(error as Error).message}`);
      }
      await ensureIndexes(this.mongo.db);
    }
    return this.mongo.db;
  }

  async close(): Promise<void> {
    if (this.pipeline) await closePipelineQueues(this.pipeline);
    if (this.redis) await this.redis.quit();
    if (this.mongo) await this.mongo.client.close();
  }
}

/** Runs a command body with a context, always closing connections. */
export async function withContext<T>(body: (ctx: CliContext) => Promise<T>): Promise<T> {
  const ctx = new CliContext();
  try {
    return await body(ctx);
  } finally {
    await ctx.close();
  }
}
