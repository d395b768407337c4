import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Integration tests mostly wait on Redis, MongoDB and local HTTP servers: run a few files at
    // once even on a 2-core machine (each has its own queue prefix and database).
    poolOptions: { forks: { maxForks: 3, minForks: 1 } },
  },
});
