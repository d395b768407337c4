/**
 * `npm run bench:dedup` — measures the three deduplication levels on a labelled set built from the
 * extraction-dev article bodies (bench/dedup-dataset.ts) and the near-duplicate index on MongoDB /
 * FerretDB. Deterministic: the same seed gives the same pairs and the same quality numbers.
 *
 * Options: --limit N (originals), --seed S, --searches N (default 1000), --sizes 10000,100000,
 *          --search-budget SECONDS (per size and strategy, default 60), --skip-mongo, --cost-only. Env: NEWSFLOW_EXTRACTION_DATASET, MONGODB_URL.
 */
import { parseArgs } from 'node:util';
import { bandKeys, DEFAULT_LSH_SCHEME, simhashBandKeys, DEFAULT_SIMHASH_BAND_SCHEME, type LshScheme } from '../src/shared/dedup/bands.js';
import { DEFAULT_MIN_JACCARD, DEFAULT_MAX_HAMMING } from '../src/shared/dedup/decide.js';
import { contentFingerprint } from '../src/shared/dedup/fingerprint.js';
import { encodeSignature, estimateJaccard, minhashValues, MINHASH_BINS } from '../src/shared/dedup/minhash.js';
import { hammingDistance, simhashOfTokens } from '../src/shared/dedup/simhash.js';
import { tokenize } from '../src/shared/dedup/tokenize.js';
import { buildPairs, datasetDir, labelSimilarTopic, loadArticles, seededRandom, type LabelledPair } from './dedup-dataset.js';
import { benchNearDuplicateIndex } from './dedup-mongo.js';

const { values: args } = parseArgs({
  options: {
    limit: { type: 'string' },
    seed: { type: 'string', default: '20261126' },
    searches: { type: 'string', default: '1000' },
    sizes: { type: 'string', default: '10000,100000' },
    'search-budget': { type: 'string', default: '60' },
    'skip-mongo': { type: 'boolean', default: false },
    'cost-only': { type: 'boolean', default: false },
  },
});

const TARGET_PRECISION = 0.99;
const TARGET_RECALL = 0.95;

interface TextFeatures {
  tokens: string[];
  fingerprint: string;
  simhash: string;
  minhash: Uint16Array;
  keys: Set<string>;
}

const fmt = (value: number, digits = 3): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const pad = (value: string | number, width: number): string => String(value).padStart(width);

function main(): Promise<void> | void {
  const dir = datasetDir();
  const articles = loadArticles(dir);
  const originals = articles.slice(0, args.limit ? Number(args.limit) : articles.length);
  const seed = Number(args.seed);
  if (args['cost-only']) {
    reportCost(originals.map((article) => article.body));
    return;
  }
  console.log(`# newsflow dedup bench\n\ndataset: ${dir}\noriginals: ${originals.length} article/blog bodies with ≥ 200 words (seed ${seed})`);

  const allPairs = buildPairs(originals, { seed });
  labelSimilarTopic(allPairs, originals, (text) => tokenize(text));
  // The dataset holds some pages twice (same URL crawled twice, texts partly updated): those are
  // not "different articles", so they are dropped from the negatives and listed.
  const urlOf = new Map(originals.map((article) => [article.id, article.url]));
  const recrawls = allPairs.filter((pair) => !pair.duplicate && urlOf.get(pair.ids[0]) === urlOf.get(pair.ids[1]));
  const pairs = allPairs.filter((pair) => !recrawls.includes(pair));
  const positives = pairs.filter((pair) => pair.duplicate);
  const negatives = pairs.filter((pair) => !pair.duplicate);
  console.log(`pairs: ${positives.length} must match, ${negatives.length} must not (${recrawls.length} same-URL re-crawl pairs in the dataset excluded)`);
  console.log(`words per original: median ${median(originals.map((a) => a.words))}, min ${Math.min(...originals.map((a) => a.words))}`);

  // ---- Features (cached per distinct text) ----
  const features = new Map<string, TextFeatures>();
  const featuresOf = (text: string): TextFeatures => {
    let found = features.get(text);
    if (found === undefined) {
      const tokens = tokenize(text);
      const minhash = minhashValues(tokens, 3);
      found = { tokens, fingerprint: contentFingerprint(text), simhash: simhashOfTokens(tokens, 3), minhash, keys: new Set(bandKeys(minhash)) };
      features.set(text, found);
    }
    return found;
  };
  for (const pair of pairs) {
    featuresOf(pair.a);
    featuresOf(pair.b);
  }

  // Band keys per (text, scheme), so that sweeping schemes costs one bandKeys() per distinct text, not per pair.
  const schemeKeys = new Map<TextFeatures, Map<string, Set<string>>>();
  const keysFor = (text: TextFeatures, scheme: LshScheme): Set<string> => {
    const id = `${scheme.bands}x${scheme.rows}`;
    let perScheme = schemeKeys.get(text);
    if (!perScheme) schemeKeys.set(text, (perScheme = new Map()));
    let keys = perScheme.get(id);
    if (!keys) perScheme.set(id, (keys = new Set(bandKeys(text.minhash, scheme))));
    return keys;
  };
  const simhashKeys = new Map<TextFeatures, Set<string>>();
  const simhashKeysFor = (text: TextFeatures): Set<string> => {
    let keys = simhashKeys.get(text);
    if (!keys) simhashKeys.set(text, (keys = new Set(simhashBandKeys(text.simhash))));
    return keys;
  };

  // ---- Decision quality at the chosen settings ----
  const decide = (pair: LabelledPair, minJaccard: number, scheme: LshScheme = DEFAULT_LSH_SCHEME): boolean => {
    const a = featuresOf(pair.a);
    const b = featuresOf(pair.b);
    if (a.fingerprint === b.fingerprint) return true;
    const retrieved = scheme === DEFAULT_LSH_SCHEME ? sharesAny(a.keys, b.keys) : sharesAny(keysFor(a, scheme), keysFor(b, scheme));
    return retrieved && estimateJaccard(a.minhash, b.minhash) >= minJaccard;
  };
  const score = (predict: (pair: LabelledPair) => boolean, subset: readonly LabelledPair[] = pairs) => {
    let tp = 0, fp = 0, fn = 0;
    for (const pair of subset) {
      const predicted = predict(pair);
      if (predicted && pair.duplicate) tp++;
      else if (predicted) fp++;
      else if (pair.duplicate) fn++;
    }
    return { precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn), tp, fp, fn };
  };

  const chosen = score((pair) => decide(pair, DEFAULT_MIN_JACCARD));
  console.log(`\n## Near-duplicate decision (exact fingerprint OR [shares an LSH band key AND estimated Jaccard ≥ ${DEFAULT_MIN_JACCARD}])`);
  console.log(`signature: MinHash, 3-word shingles, ${MINHASH_BINS} bins (one-permutation + densification); LSH ${DEFAULT_LSH_SCHEME.bands} bands × ${DEFAULT_LSH_SCHEME.rows} rows`);
  console.log(`precision ${fmt(chosen.precision, 4)}  recall ${fmt(chosen.recall, 4)}  (TP ${chosen.tp}, FP ${chosen.fp}, FN ${chosen.fn})  targets: precision ≥ ${TARGET_PRECISION}, recall ≥ ${TARGET_RECALL} → ${chosen.precision >= TARGET_PRECISION && chosen.recall >= TARGET_RECALL ? 'MET' : 'NOT MET'}`);
  const exactOnly = score((pair) => featuresOf(pair.a).fingerprint === featuresOf(pair.b).fingerprint);
  console.log(`(exact fingerprint alone: precision ${fmt(exactOnly.precision, 4)}, recall ${fmt(exactOnly.recall, 4)} — mainly the re-wrapped variants, which are equal after normalisation)`);

  console.log('\nper kind at the chosen settings:');
  console.log(`${'kind'.padEnd(24)} ${pad('pairs', 6)} ${pad('matched', 8)} ${pad('J min', 6)} ${pad('J med', 6)} ${pad('J max', 6)}`);
  for (const kind of [...new Set(pairs.map((pair) => pair.kind))]) {
    const ofKind = pairs.filter((pair) => pair.kind === kind);
    const matched = ofKind.filter((pair) => decide(pair, DEFAULT_MIN_JACCARD)).length;
    const estimates = ofKind.map((pair) => estimateJaccard(featuresOf(pair.a).minhash, featuresOf(pair.b).minhash)).sort((x, y) => x - y);
    const must = ofKind[0]!.duplicate ? 'must match' : 'must not';
    console.log(`${kind.padEnd(24)} ${pad(ofKind.length, 6)} ${pad(matched, 8)} ${pad(fmt(estimates[0]!, 2), 6)} ${pad(fmt(median(estimates), 2), 6)} ${pad(fmt(estimates.at(-1)!, 2), 6)}  ${must}`);
  }

  console.log('\n## Threshold sweep (MinHash + LSH, estimated Jaccard ≥ t)');
  console.log(`${pad('t', 5)} ${pad('precision', 10)} ${pad('recall', 8)} ${pad('FP', 5)} ${pad('FN', 5)}`);
  for (let t = 0.3; t <= 0.851; t += 0.05) {
    const s = score((pair) => decide(pair, t));
    console.log(`${pad(fmt(t, 2), 5)} ${pad(fmt(s.precision, 4), 10)} ${pad(fmt(s.recall, 4), 8)} ${pad(s.fp, 5)} ${pad(s.fn, 5)}${Math.abs(t - DEFAULT_MIN_JACCARD) < 1e-9 ? '  ← chosen' : ''}`);
  }

  console.log('\n## For comparison: 64-bit SimHash (3-word shingles), decision Hamming ≤ h, no index');
  console.log(`${pad('h', 3)} ${pad('precision', 10)} ${pad('recall', 8)} ${pad('FP', 5)} ${pad('FN', 5)}`);
  let neededHamming: number | null = null;
  for (let h = 0; h <= 12; h++) {
    const s = score((pair) => featuresOf(pair.a).fingerprint === featuresOf(pair.b).fingerprint || hammingDistance(featuresOf(pair.a).simhash, featuresOf(pair.b).simhash) <= h);
    if (neededHamming === null && s.recall >= TARGET_RECALL) neededHamming = h;
    console.log(`${pad(h, 3)} ${pad(fmt(s.precision, 4), 10)} ${pad(fmt(s.recall, 4), 8)} ${pad(s.fp, 5)} ${pad(s.fn, 5)}${h === DEFAULT_MAX_HAMMING ? '  ← SimHash fallback in decide.ts' : ''}`);
  }
  if (neededHamming !== null) {
    const bits = Math.floor(64 / (neededHamming + 1));
    console.log(`SimHash needs h ≥ ${neededHamming} for recall ≥ ${TARGET_RECALL}; a pigeonhole banded index with exact recall at h = ${neededHamming} has ${neededHamming + 1} bands of ≤ ${bits} bits,`);
    console.log(`i.e. ≈ ${Math.round(((neededHamming + 1) * 10_000_000) / 2 ** bits).toLocaleString('en')} random candidates per search at 10 M documents — which is why MinHash LSH is used for lookup.`);
  }
  {
    const s = score((pair) => {
      const a = featuresOf(pair.a), b = featuresOf(pair.b);
      return a.fingerprint === b.fingerprint || (sharesAny(simhashKeysFor(a), simhashKeysFor(b)) && hammingDistance(a.simhash, b.simhash) <= 3);
    });
    console.log(`SimHash with its banded index (${DEFAULT_SIMHASH_BAND_SCHEME.blocks} blocks, keys of ${DEFAULT_SIMHASH_BAND_SCHEME.blocksPerKey}, h ≤ 3): precision ${fmt(s.precision, 4)}, recall ${fmt(s.recall, 4)}`);
  }

  console.log('\n## LSH banding choices (estimated Jaccard ≥ chosen t; 128 bins)');
  console.log(`${pad('bands×rows', 10)} ${pad('keys/doc', 8)} ${pad('precision', 10)} ${pad('recall', 8)} ${pad('P(key|J=.6)', 11)} ${pad('P(key|J=.3)', 11)} ${pad('P(key|J=.01)', 12)}`);
  for (const scheme of [{ bands: 16, rows: 4 }, { bands: 20, rows: 3 }, { bands: 32, rows: 4 }, { bands: 25, rows: 5 }, { bands: 42, rows: 3 }, { bands: 21, rows: 6 }]) {
    const s = score((pair) => decide(pair, DEFAULT_MIN_JACCARD, scheme));
    const p = (j: number) => 1 - (1 - j ** scheme.rows) ** scheme.bands;
    const isChosen = scheme.bands === DEFAULT_LSH_SCHEME.bands && scheme.rows === DEFAULT_LSH_SCHEME.rows;
    console.log(`${pad(`${scheme.bands}×${scheme.rows}`, 10)} ${pad(scheme.bands, 8)} ${pad(fmt(s.precision, 4), 10)} ${pad(fmt(s.recall, 4), 8)} ${pad(fmt(p(0.6), 4), 11)} ${pad(fmt(p(0.3), 4), 11)} ${pad(p(0.01).toExponential(1), 12)}${isChosen ? '  ← chosen' : ''}`);
  }

  console.log('\n## Shingle size and stop words (MinHash, t = chosen)');
  console.log(`${pad('k', 3)} ${pad('stop words', 10)} ${pad('precision', 10)} ${pad('recall', 8)}`);
  for (const [k, stopWords] of [[1, false], [2, false], [3, false], [3, true], [4, false], [5, false]] as const) {
    const cache = new Map<string, { values: Uint16Array; keys: Set<string> }>();
    const sig = (text: string): { values: Uint16Array; keys: Set<string> } => {
      let found = cache.get(text);
      if (!found) {
        const values = minhashValues(tokenize(text, { language: 'en', removeStopWords: stopWords }), k);
        found = { values, keys: new Set(bandKeys(values)) };
        cache.set(text, found);
      }
      return found;
    };
    const s = score((pair) => {
      const a = sig(pair.a), b = sig(pair.b);
      return featuresOf(pair.a).fingerprint === featuresOf(pair.b).fingerprint || (sharesAny(a.keys, b.keys) && estimateJaccard(a.values, b.values) >= DEFAULT_MIN_JACCARD);
    });
    console.log(`${pad(k, 3)} ${pad(stopWords ? 'removed' : 'kept', 10)} ${pad(fmt(s.precision, 4), 10)} ${pad(fmt(s.recall, 4), 8)}${k === 3 && !stopWords ? '  ← chosen' : ''}`);
  }

  // ---- Cost per document ----
  reportCost(originals.map((article) => article.body));

  // ---- Candidate search on the labelled set (in memory) ----
  const index = new Map<string, Set<string>>();
  for (const article of originals) for (const key of featuresOf(article.body).keys) (index.get(key) ?? index.set(key, new Set()).get(key)!).add(article.id);
  const queries = positives.map((pair) => featuresOf(pair.b));
  let candidateTotal = 0;
  let unrelatedTotal = 0;
  for (const [i, query] of queries.entries()) {
    const candidates = new Set<string>();
    for (const key of query.keys) for (const id of index.get(key) ?? []) candidates.add(id);
    candidateTotal += candidates.size;
    unrelatedTotal += [...candidates].filter((id) => id !== positives[i]!.ids[0]).length;
  }
  console.log(`\n## Candidate search (labelled set, ${originals.length} originals indexed)`);
  console.log(`lookups per search: 1 query (${DEFAULT_LSH_SCHEME.bands} keys in one $in on MongoDB; ${DEFAULT_LSH_SCHEME.bands} parallel equality queries on FerretDB), then 1 fetch of the candidates by id`);
  console.log(`candidates per search: ${fmt(candidateTotal / queries.length, 2)} (of which another original: ${fmt(unrelatedTotal / queries.length, 3)} — the dataset's same-URL re-crawls finding each other)`);
  const chance = (DEFAULT_LSH_SCHEME.bands * 10_000_000) / 2 ** 32;
  console.log(`at 10 M documents, chance 32-bit key collisions add ${fmt(chance, 3)} candidates per search; unrelated texts (J ≈ 0.001–0.01) add 10M × ${DEFAULT_LSH_SCHEME.bands} × J^${DEFAULT_LSH_SCHEME.rows} ≈ ${fmt(10_000_000 * DEFAULT_LSH_SCHEME.bands * 0.005 ** DEFAULT_LSH_SCHEME.rows, 4)} (at J = 0.005)`);

  if (args['skip-mongo']) {
    console.log('\n## MongoDB index: skipped (--skip-mongo)');
    return;
  }
  return benchNearDuplicateIndex({
    url: process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/newsflow',
    sizes: args.sizes!.split(',').map(Number),
    searches: Number(args.searches),
    random: seededRandom(seed),
    searchBudgetMs: Number(args['search-budget']) * 1000,
  });
}

/**
 * Per-document cost. Measured as CPU time of this process (process.cpuUsage), not wall-clock, so
 * that other load on the machine does not inflate it; wall-clock is printed alongside.
 */
function reportCost(texts: readonly string[]): void {
  console.log('\n## Cost per document (originals; median of 5 passes; CPU time of this process, wall-clock in brackets)');
  const perDoc = (fn: (text: string) => unknown): [number, number] => {
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let pass = 0; pass < 6; pass++) {
      const startCpu = process.cpuUsage();
      const startWall = performance.now();
      for (const text of texts) fn(text);
      const used = process.cpuUsage(startCpu);
      if (pass > 0) {
        cpu.push((used.user + used.system) / texts.length);
        wall.push(((performance.now() - startWall) * 1000) / texts.length);
      }
    }
    return [median(cpu), median(wall)];
  };
  const tokenized = new Map(texts.map((text) => [text, tokenize(text)]));
  const signatures = new Map(texts.map((text) => [text, minhashValues(tokenized.get(text)!, 3)]));
  const costs: Array<[string, [number, number]]> = [
    ['tokenize', perDoc((text) => tokenize(text))],
    ['contentFingerprint (normalise + sha256)', perDoc((text) => contentFingerprint(text))],
    ['simhash (from tokens)', perDoc((text) => simhashOfTokens(tokenized.get(text)!, 3))],
    ['minhash (from tokens)', perDoc((text) => minhashValues(tokenized.get(text)!, 3))],
    ['bandKeys (32 keys)', perDoc((text) => bandKeys(signatures.get(text)!))],
    ['all of the above from text', perDoc((text) => {
      const tokens = tokenize(text);
      contentFingerprint(text);
      simhashOfTokens(tokens, 3);
      bandKeys(encodeSignature(minhashValues(tokens, 3)));
    })],
  ];
  for (const [label, [cpu, wall]] of costs) console.log(`${label.padEnd(42)} ${pad(fmt(cpu, 1), 8)} µs/doc  (${fmt(wall, 1)})`);
  console.log(`(median article: ${median(texts.map((text) => tokenize(text).length))} words)`);
}

function sharesAny(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const key of a) if (b.has(key)) return true;
  return false;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

await main();
