/**
 * Per-process CPU and memory from /proc (Linux), like pidusage but for every process involved in a
 * run: workers, the enqueue CLI, Redis, FerretDB, PostgreSQL backends, the site server, Crawlee.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime+stime of a process in seconds, or null when it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return null;
  }
}

/** VmRSS and VmHWM (peak RSS) in bytes, or null when the process is gone. */
export function memory(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** Pids whose command line matches. PostgreSQL backends show their database in it. */
export function findPids(match: (cmd: string) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    if (match(cmdline(pid))) pids.push(pid);
  }
  return pids;
}

interface Tracked {
  name: string;
  group: string;
  pid: number;
  baseline: number;
  last: number;
  peakRss: number;
  hwm: number;
  series: { t: number; rss: number }[];
  seenAtMark: boolean;
  useHwm: boolean;
}

export interface ProcessReport {
  name: string;
  group: string;
  pid: number;
  cpuSeconds: number;
  /** Peak RSS: max of VmHWM (when readable) and sampled VmRSS. */
  peakRssBytes: number;
  rssSeries: { t: number; rss: number }[];
}

/**
 * Polls a set of processes. CPU is counted from `mark()` (or, for processes first seen later, from
 * their start) to the last sample; a process that exits loses at most one interval.
 */
export class ProcessSampler {
  private readonly tracked = new Map<number, Tracked>();
  private readonly dynamic: { group: string; name: (pid: number) => string; find: () => number[] }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private marked = false;
  private t0 = Date.now();

  constructor(private readonly intervalMs = 1000, private readonly seriesEveryMs = 3000) {}

  /** `useHwm`: peak RSS includes VmHWM (since process start); off for long-lived services. */
  track(name: string, group: string, pid: number, useHwm = true): void {
    if (this.tracked.has(pid)) return;
    const cpu = cpuSeconds(pid) ?? 0;
    this.tracked.set(pid, { name, group, pid, baseline: this.marked ? 0 : cpu, last: cpu, peakRss: 0, hwm: 0, series: [], seenAtMark: !this.marked, useHwm });
    this.sampleOne(this.tracked.get(pid)!);
  }

  /** Processes that come and go (PostgreSQL backends): looked up on every tick. */
  trackDynamic(group: string, name: (pid: number) => string, find: () => number[]): void {
    this.dynamic.push({ group, name, find });
    for (const pid of find()) this.track(name(pid), group, pid, false);
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Starts the CPU clock: what every tracked process used so far is not counted. */
  mark(): void {
    this.tick();
    for (const item of this.tracked.values()) {
      item.baseline = item.last;
      item.series = [];
    }
    this.marked = true;
    this.t0 = Date.now();
    this.groupSeries.length = 0;
    this.lastGroupSample = 0;
    this.tick();
  }

  /** CPU seconds per group since mark(), every `seriesEveryMs`: to see cost per page change over a run. */
  readonly groupSeries: { t: number; cpu: Record<string, number> }[] = [];
  private lastGroupSample = 0;

  tick(): void {
    for (const source of this.dynamic) for (const pid of source.find()) this.track(source.name(pid), source.group, pid, false);
    for (const item of this.tracked.values()) this.sampleOne(item);
    const now = Date.now();
    if (this.marked && now - this.lastGroupSample >= this.seriesEveryMs) {
      this.lastGroupSample = now;
      const cpu: Record<string, number> = {};
      for (const item of this.tracked.values()) cpu[item.group] = (cpu[item.group] ?? 0) + Math.max(0, item.last - item.baseline);
      this.groupSeries.push({ t: (now - this.t0) / 1000, cpu });
    }
  }

  private lastSeries = new Map<number, number>();

  private sampleOne(item: Tracked): void {
    const cpu = cpuSeconds(item.pid);
    if (cpu !== null) item.last = cpu;
    const mem = memory(item.pid);
    if (mem) {
      item.peakRss = Math.max(item.peakRss, mem.rss);
      item.hwm = Math.max(item.hwm, mem.hwm);
      const now = Date.now();
      if (now - (this.lastSeries.get(item.pid) ?? 0) >= this.seriesEveryMs) {
        item.series.push({ t: (now - this.t0) / 1000, rss: mem.rss });
        this.lastSeries.set(item.pid, now);
      }
    }
  }

  stop(): ProcessReport[] {
    this.tick();
    if (this.timer) clearInterval(this.timer);
    return [...this.tracked.values()].map((item) => ({
      name: item.name,
      group: item.group,
      pid: item.pid,
      cpuSeconds: Math.max(0, item.last - item.baseline),
      peakRssBytes: item.useHwm ? Math.max(item.peakRss, item.hwm) : item.peakRss,
      rssSeries: item.series,
    }));
  }
}
