// Quick check of the Mongo half of the dedup bench with small sizes: `tsx bench/dedup-mongo-smoke.ts 1000,5000 100`.
import { seededRandom } from './dedup-dataset.js';
import { benchNearDuplicateIndex } from './dedup-mongo.js';

await benchNearDuplicateIndex({
  url: process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/newsflow',
  sizes: (process.argv[2] ?? '1000,5000').split(',').map(Number),
  searches: Number(process.argv[3] ?? 100),
  random: seededRandom(1),
  searchBudgetMs: 15_000,
});
