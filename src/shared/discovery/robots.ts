/**
 * Sitemap discovery from robots.txt. Allow/Disallow rules are the fetcher's business
 * (robots-parser); this only reads the `Sitemap:` lines, which apply to every user agent.
 */
import { resolveHttpUrl } from './xml.js';

/** `Sitemap:` URLs from a robots.txt body, absolute (relative ones resolved against `origin`), deduplicated. */
export function sitemapUrlsFromRobots(robotsTxt: string, origin: string): string[] {
  const found = new Set<string>();
  for (const line of robotsTxt.split(/\r?\n|\r/)) {
    const match = /^\s*sitemap\s*:\s*(\S+)/i.exec(line);
    const url = resolveHttpUrl(match?.[1], origin);
    if (url) found.add(url);
  }
  return [...found];
}

/**
 * What `sitemaps: "discover"` means: the robots.txt `Sitemap:` lines plus the conventional
 * `/sitemap.xml`, which many sites serve without announcing it. Pass `null` when robots.txt
 * could not be fetched.
 */
export function discoverSitemapUrls(robotsTxt: string | null, origin: string): string[] {
  const urls = robotsTxt ? sitemapUrlsFromRobots(robotsTxt, origin) : [];
  const conventional = new URL('/sitemap.xml', origin).href;
  return urls.includes(conventional) ? urls : [...urls, conventional];
}
