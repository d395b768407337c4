/**
 * What the fetch worker needs from the politeness layer (robots.txt and per-host rate limits shared
 * through Redis). Kept as an interface so the worker reads as the steps it takes.
 */
export interface HostSlotRequest {
  maxConcurrent: number;
  minIntervalMs: number;
  leaseMs: number;
}

export type HostSlot = { granted: true; release(): Promise<void> } | { granted: false; waitMs: number };

export interface Politeness {
  /** robots.txt verdict for a URL (cached per origin); throws a transient FetchError when robots.txt is unreachable. */
  checkRobots(url: string): Promise<{ allowed: boolean; crawlDelayMs?: number }>;
  tryAcquire(host: string, request: HostSlotRequest): Promise<HostSlot>;
  pauseHost(host: string, ms: number): Promise<void>;
  /** `Sitemap:` URLs of the origin's robots.txt (cached). */
  robotsSitemaps(origin: string): Promise<string[]>;
}
