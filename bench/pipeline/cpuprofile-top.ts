/**
 * Summarizes V8 .cpuprofile files (from `node --cpu-prof`): the functions with the most self time
 * and, with --total, the most inclusive time.
 *
 *   node --import tsx bench/pipeline/cpuprofile-top.ts FILE_OR_DIR [--top 25] [--total]
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export function summarize(profile: Profile, top: number, total: boolean): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (node: ProfileNode) => {
    const file = node.callFrame.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'nm:').replace(/^.*\/work\/main\//, '');
    return `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let all = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    all += dt;
    const node = byId.get(profile.samples[i]!)!;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    if (total) {
      const seen = new Set<string>();
      for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
        const key = label(byId.get(id)!);
        if (seen.has(key)) continue;
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
      }
    }
  }
  const fmt = (rows: Map<string, number>) =>
    [...rows].sort((a, b) => b[1] - a[1]).slice(0, top)
      .map(([key, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / all).toFixed(1).padStart(5)}%  ${key}`).join('\n');
  let out = `sampled ${(all / 1e6).toFixed(2)} s\n-- self time --\n${fmt(self)}\n`;
  if (total) out += `-- inclusive time --\n${fmt(inclusive)}\n`;
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' }, total: { type: 'boolean', default: false } } });
  for (const target of positionals) {
    const files = statSync(target).isDirectory() ? readdirSync(target).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(target, f)) : [target];
    for (const file of files) {
      process.stdout.write(`== ${file}\n${summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(values.top), values.total)}\n`);
    }
  }
}
