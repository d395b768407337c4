/**
 * "Same site" in the sense of the Public Suffix List: two hosts belong to the same site when they
 * share a registrable domain (eTLD+1). Private suffixes (github.io, blogspot.com, …) count as
 * public here on purpose: two different blogs on github.io must not vouch for each other's URLs.
 */
import { getDomain } from 'tldts';

/** The registrable domain of `host` (e.g. `news.bbc.co.uk` → `bbc.co.uk`), or null for IP addresses, bare public suffixes and single-label hosts. */
export function registrableDomain(host: string): string | null {
  const hostname = host.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (hostname === '') return null;
  return getDomain(hostname, { allowPrivateDomains: true });
}

/**
 * Whether two absolute URLs are on the same site. Hosts without a registrable domain (IP
 * addresses, `localhost`) are only the same site as exactly the same host and port: two servers
 * on one address are two sites. Unparseable URLs are never the same site as anything.
 */
export function sameSite(a: string, b: string): boolean {
  const hostA = hostnameOf(a);
  const hostB = hostnameOf(b);
  if (hostA === null || hostB === null) return false;
  const domainA = registrableDomain(hostA);
  const domainB = registrableDomain(hostB);
  if (domainA === null || domainB === null) return hostA === hostB && new URL(a).port === new URL(b).port;
  return domainA === domainB;
}

function hostnameOf(url: string): string | null {
  try {
    const hostname = new URL(url).hostname;
    return hostname === '' ? null : hostname.replace(/\.$/, '');
  } catch {
    return null;
  }
}
