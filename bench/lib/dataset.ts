import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TruthPage {
  url: string;
  pageType: string;
  title?: string | null;
  author?: string | null;
  publishDate?: string | null;
  articleBody: string;
}

/** `../shared/datasets/extraction-dev` from the repo root, or NEWSFLOW_EXTRACTION_DATASET. */
export function datasetDir(): string {
  const override = process.env['NEWSFLOW_EXTRACTION_DATASET'];
  if (override) return resolve(override);
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return resolve(repoRoot, '..', 'shared', 'datasets', 'extraction-dev');
}

export function loadTruth(dir: string): Array<[string, TruthPage]> {
  const file = join(dir, 'ground-truth.json');
  if (!existsSync(file)) throw new Error(`ground truth not found: ${file} (set NEWSFLOW_EXTRACTION_DATASET)`);
  const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, TruthPage>;
  return Object.entries(data).sort(([a], [b]) => a.localeCompare(b));
}

/** Pages are gzip-compressed UTF-8 (some mislabelled as latin-1 but UTF-8 in fact). */
export function loadHtml(dir: string, id: string): string {
  return gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`))).toString('utf8');
}
