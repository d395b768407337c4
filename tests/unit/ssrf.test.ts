import { describe, expect, it } from 'vitest';
import { FetchError } from '../../src/shared/fetch/errors.js';
import { createAddressGuard, isPublicAddress, type GuardedLookup } from '../../src/shared/fetch/ssrf.js';

describe('isPublicAddress', () => {
  it.each([
    // public
    ['8.8.8.8', true],
    ['1.1.1.1', true],
    ['93.184.216.34', true],
    ['2606:4700:4700::1111', true],
    ['::ffff:8.8.8.8', true], // mapped public v4
    ['2002:0808:0808::1', true], // 6to4 wrapping 8.8.8.8
    // IPv4 special ranges
    ['127.0.0.1', false],
    ['127.255.255.254', false],
    ['10.0.0.1', false],
    ['172.16.5.4', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false], // cloud metadata
    ['100.64.0.1', false], // CGNAT
    ['100.127.255.254', false],
    ['0.0.0.0', false],
    ['255.255.255.255', false],
    ['224.0.0.251', false], // multicast
    ['240.0.0.1', false], // reserved
    ['198.18.0.1', false], // benchmarking
    ['192.0.2.10', false], // documentation
    // IPv6 special ranges
    ['::1', false],
    ['::', false],
    ['fc00::1', false], // ULA
    ['fd12:3456::1', false],
    ['fe80::1', false],
    ['ff02::1', false],
    ['2001:db8::1', false],
    ['[::1]', false], // URL hostname form
    // v4 smuggled inside v6
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.1.2.3', false],
    ['::ffff:169.254.169.254', false],
    ['64:ff9b::7f00:1', false], // NAT64 of 127.0.0.1
    ['2002:7f00:0001::', false], // 6to4 of 127.0.0.1
    ['2002:0a00:0001::', false], // 6to4 of 10.0.0.1
    // not an address at all
    ['example.com', false],
    ['', false],
  ])('%s → %s', (ip, expected) => {
    expect(isPublicAddress(ip)).toBe(expected);
  });
});

describe('createAddressGuard', () => {
  it('allows listed IPs and CIDRs and still refuses other private addresses', () => {
    const guard = createAddressGuard(['127.0.0.1', '10.20.0.0/16', 'fd00::/8']);
    expect(guard.isAddressAllowed('127.0.0.1')).toBe(true);
    expect(guard.isAddressAllowed('::ffff:127.0.0.1')).toBe(true); // how dual-stack sockets report it
    expect(guard.isAddressAllowed('127.0.0.2')).toBe(false);
    expect(guard.isAddressAllowed('10.20.99.1')).toBe(true);
    expect(guard.isAddressAllowed('10.21.0.1')).toBe(false);
    expect(guard.isAddressAllowed('fd00::5')).toBe(true);
    expect(guard.isAddressAllowed('192.168.0.1')).toBe(false);
    expect(guard.isAddressAllowed('8.8.8.8')).toBe(true);
  });

  it('treats non-IP entries as host names, case-insensitively', () => {
    const guard = createAddressGuard(['Intranet.Example', ' localhost ']);
    expect(guard.isHostAllowListed('intranet.example')).toBe(true);
    expect(guard.isHostAllowListed('intranet.example.')).toBe(true);
    expect(guard.isHostAllowListed('LOCALHOST')).toBe(true);
    expect(guard.isHostAllowListed('other.example')).toBe(false);
    // A host-name entry says nothing about the address itself.
    expect(guard.isAddressAllowed('127.0.0.1')).toBe(false);
  });

  it('rejects literal non-public IP URLs up front', () => {
    const guard = createAddressGuard([]);
    for (const url of ['http://127.0.0.1/', 'http://[::1]:8080/', 'http://[::ffff:7f00:1]/', 'http://2130706433/', 'http://169.254.169.254/']) {
      expect(() => guard.assertUrlAllowed(new URL(url)), url).toThrow(FetchError);
    }
    expect(() => guard.assertUrlAllowed(new URL('http://8.8.8.8/'))).not.toThrow();
    // Names are judged at connect time by the lookup, not here.
    expect(() => guard.assertUrlAllowed(new URL('http://localhost/'))).not.toThrow();
  });

  const lookupAll = (lookup: GuardedLookup, host: string) =>
    new Promise<{ err: NodeJS.ErrnoException | null; addresses: unknown }>((resolve) => {
      lookup(host, { all: true }, (err, addresses) => resolve({ err, addresses }));
    });

  it('refuses at DNS time a name that resolves to loopback, unless the name is allow-listed', async () => {
    const strict = await lookupAll(createAddressGuard([]).lookup, 'localhost');
    expect(strict.err?.code).toBe('ESSRFBLOCKED');
    const byName = await lookupAll(createAddressGuard(['localhost']).lookup, 'localhost');
    expect(byName.err).toBeNull();
    expect(byName.addresses).toContainEqual({ address: '127.0.0.1', family: 4 });
    const byCidr = await lookupAll(createAddressGuard(['127.0.0.0/8']).lookup, 'localhost');
    expect(byCidr.err).toBeNull();
  });

  it('answers in the single-address callback form when not asked for all', async () => {
    const { lookup } = createAddressGuard(['127.0.0.1']);
    const result = await new Promise<[unknown, unknown, unknown]>((resolve) => {
      lookup('localhost', { family: 4 }, (err, address, family) => resolve([err, address, family]));
    });
    expect(result).toEqual([null, '127.0.0.1', 4]);
  });
});
