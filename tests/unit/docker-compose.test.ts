import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROLES } from '../../src/workers/runtime.js';

/**
 * No Docker engine runs where CI does, so the compose file is checked as data: it must parse, and
 * give users real Redis (AOF, noeviction) and MongoDB plus every worker role from one image.
 */
interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
}

const root = path.resolve(import.meta.dirname, '../..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };

describe('docker-compose.yml', () => {
  it('runs Redis with AOF and noeviction, with a healthcheck', () => {
    const redis = compose.services.redis!;
    expect(redis.image).toMatch(/^redis:/);
    expect(redis.command?.join(' ')).toContain('--appendonly yes');
    expect(redis.command?.join(' ')).toContain('--maxmemory-policy noeviction');
    expect(redis.healthcheck?.test).toBeDefined();
  });

  it('runs the official MongoDB image with a healthcheck', () => {
    expect(compose.services.mongo!.image).toMatch(/^mongo:/);
    expect(compose.services.mongo!.healthcheck?.test).toBeDefined();
  });

  it('runs each worker role from the one Dockerfile, waiting for healthy services', () => {
    for (const role of ['fetch', 'parse', 'store']) {
      const service = compose.services[role]!;
      expect(service.build).toBeDefined();
      expect(service.command).toEqual(['worker', role]);
      expect(ROLES).toContain(role);
      expect(service.depends_on).toEqual({ redis: { condition: 'service_healthy' }, mongo: { condition: 'service_healthy' } });
      expect(service.environment).toMatchObject({ REDIS_URL: 'redis://redis:6379', MONGODB_URL: 'mongodb://mongo:27017/newsflow' });
      expect(service.healthcheck?.test?.join(' ')).toContain('/readyz');
    }
  });

  it('runs the API and dashboard behind a token', () => {
    const api = compose.services.api!;
    expect(api.command?.slice(0, 1)).toEqual(['serve']);
    expect(api.environment?.NEWSFLOW_API_TOKEN).toMatch(/NEWSFLOW_API_TOKEN/);
    expect(api.healthcheck?.test?.join(' ')).toContain('/healthz');
  });

  it('only names environment variables newsflow knows', () => {
    const known = readFileSync(path.join(root, 'src/shared/config.ts'), 'utf8') + readFileSync(path.join(root, 'src/cli/commands/serve.ts'), 'utf8');
    for (const service of Object.values(compose.services)) {
      for (const name of Object.keys(service.environment ?? {})) expect(known).toContain(name);
    }
  });

  it('uses a multi-stage Dockerfile whose entrypoint is the CLI', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toContain('ENTRYPOINT ["node", "dist/cli/main.js"]');
  });
});
