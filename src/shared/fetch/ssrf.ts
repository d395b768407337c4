import dns from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { FetchError, SSRF_BLOCKED_CODE } from './errors.js';

type IPAddress = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Pulls out the IPv4 address an IPv6 address is a mere envelope for (mapped, NAT64, 6to4, Teredo),
 * so a private v4 target cannot be smuggled in as "public" v6.
 */
function embeddedIPv4(addr: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const bytes = addr.toByteArray();
  switch (addr.range()) {
    case 'ipv4Mapped':
    case 'rfc6145':
    case 'rfc6052':
      return new ipaddr.IPv4(bytes.slice(12, 16));
    case '6to4':
      return new ipaddr.IPv4(bytes.slice(2, 6));
    case 'teredo':
      // The Teredo client address is stored bit-inverted in the last 32 bits.
      return new ipaddr.IPv4(bytes.slice(12, 16).map((b) => (~b & 0xff)));
    default:
      return undefined;
  }
}

function isPublicParsed(addr: IPAddress): boolean {
  if (addr.kind() === 'ipv4') {
    // ipaddr.js reports everything special (loopback, private, linkLocal, carrierGradeNat, multicast,
    // unspecified, broadcast, reserved incl. benchmarking 198.18/15 and documentation nets) as a
    // named range; only plain 'unicast' is routable on the public internet.
    return addr.range() === 'unicast';
  }
  const v6 = addr as ipaddr.IPv6;
  const inner = embeddedIPv4(v6);
  if (inner) return isPublicParsed(inner);
  return v6.range() === 'unicast';
}

/** True when `ip` is a syntactically valid address on the public internet. Invalid input → false. */
export function isPublicAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return false;
  return isPublicParsed(ipaddr.parse(bare));
}

/** The signature Node's http/net `lookup` option expects (what got's `dnsLookup` forwards). */
export type GuardedLookup = (
  hostname: string,
  options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

export interface AddressGuard {
  /** The host name is on the allow-list: any address it resolves to may be contacted. */
  isHostAllowListed(hostname: string): boolean;
  /** The address is public or matched by an allow-listed IP/CIDR. */
  isAddressAllowed(ip: string): boolean;
  /**
   * Up-front check for a URL: literal-IP hosts never pass through DNS, so they are judged here.
   * Throws FetchError 'ssrf-blocked'. Host names are judged later, at connect time, by `lookup`.
   */
  assertUrlAllowed(url: URL): void;
  /** A `dns.lookup` wrapper that refuses to hand out blocked addresses (DNS rebinding defence). */
  lookup: GuardedLookup;
}

function normaliseHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

function ssrfError(message: string, hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code: SSRF_BLOCKED_CODE, hostname });
}

/**
 * Builds the SSRF guard. `allowList` entries (from NEWSFLOW_ALLOW_HOSTS) are host names, IPs or
 * CIDRs; they exist for tests and private deployments that must reach internal hosts on purpose.
 */
export function createAddressGuard(allowList: readonly string[] = []): AddressGuard {
  const hostNames = new Set<string>();
  const ranges: Array<[IPAddress, number]> = [];
  for (const rawEntry of allowList) {
    const entry = rawEntry.trim();
    if (entry === '') continue;
    if (entry.includes('/') && ipaddr.isValidCIDR(entry)) {
      ranges.push(ipaddr.parseCIDR(entry));
    } else if (ipaddr.isValid(normaliseHost(entry))) {
      const addr = ipaddr.parse(normaliseHost(entry));
      ranges.push([addr, addr.kind() === 'ipv4' ? 32 : 128]);
    } else {
      hostNames.add(normaliseHost(entry));
    }
  }

  const matchesAllowedRange = (addr: IPAddress): boolean => {
    // Compare v4-mapped v6 (how dual-stack sockets report v4 peers) as the v4 it carries.
    const candidates: IPAddress[] = [addr];
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
      candidates.push((addr as ipaddr.IPv6).toIPv4Address());
    }
    return ranges.some(([net, bits]) => candidates.some((c) => c.kind() === net.kind() && c.match(net, bits)));
  };

  const isAddressAllowed = (ip: string): boolean => {
    const bare = normaliseHost(ip);
    if (!ipaddr.isValid(bare)) return false;
    const addr = ipaddr.parse(bare);
    return isPublicParsed(addr) || matchesAllowedRange(addr);
  };

  const isHostAllowListed = (hostname: string): boolean => hostNames.has(normaliseHost(hostname));

  const assertUrlAllowed = (url: URL): void => {
    const host = normaliseHost(url.hostname);
    if (ipaddr.isValid(host) && !isAddressAllowed(host)) {
      throw new FetchError('ssrf-blocked', `refusing to fetch non-public address ${host}`, {
        permanent: true,
        url: url.href,
      });
    }
  };

  const lookup: GuardedLookup = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, []);
        return;
      }
      // Drop the blocked answers rather than failing outright: a name with one public and one
      // private record can still be fetched safely, because we only connect to what we return.
      const usable = isHostAllowListed(hostname) ? addresses : addresses.filter((a) => isAddressAllowed(a.address));
      const first = usable[0];
      if (first === undefined) {
        const seen = addresses.map((a) => a.address).join(', ');
        callback(ssrfError(`${hostname} resolves only to non-public addresses (${seen})`, hostname), []);
        return;
      }
      if (options.all) callback(null, usable);
      else callback(null, first.address, first.family);
    });
  };

  return { isHostAllowListed, isAddressAllowed, assertUrlAllowed, lookup };
}
