/**
 * Provenance: which configured source a credit ("Фото: akorda.kz", "Source: Акорда") points at.
 * The extractor turns credit lines into `{ role, name?, url? }`; this maps them onto profiles.
 */
import { getDomain, parse } from 'tldts';
import type { Credit } from '../extract/types.js';
import type { SourceProfile } from '../sources/schema.js';

export interface ResolvedCredit extends Credit {
  /** Id of the source profile the credit points at. */
  sourceId?: string;
  /** Registrable domain of the credited URL or host ("akorda.kz"); the host for IPs and localhost. */
  domain?: string;
}

export function resolveProvenance(credits: readonly Credit[], profiles: readonly SourceProfile[]): ResolvedCredit[] {
  const index = profiles.map((profile) => ({
    id: profile.id,
    hosts: profile.allowedHosts,
    domains: new Set(profile.allowedHosts.map(registrableDomain)),
    names: [profile.name, ...profile.aliases, ...profile.allowedHosts].map(normalizeName),
  }));

  return credits.map((credit) => {
    const resolved: ResolvedCredit = { ...credit };
    // A URL, or a name that is really a host or URL ("akorda.kz", "www.akorda.kz/kz").
    // "127.0.0.1:8765": with the port, as allowedHosts spells a non-default one.
    const authority = hostOf(credit.url) ?? hostOf(credit.name);
    if (authority) {
      const host = authority.replace(/:\d+$/, '');
      const domain = registrableDomain(host);
      resolved.domain = domain;
      const match =
        index.find((source) => source.hosts.includes(authority)) ??
        index.find((source) => source.hosts.includes(host)) ??
        index.find((source) => source.domains.has(domain));
      if (match) resolved.sourceId = match.id;
      return resolved;
    }
    if (credit.name) {
      const name = normalizeName(credit.name);
      const match = index.find((source) => source.names.some((known) => containsPhrase(name, known)));
      if (match) {
        resolved.sourceId = match.id;
        resolved.domain = registrableDomain(match.hosts[0]!);
      }
    }
    return resolved;
  });
}

/** Host (lower-case, with a non-default port) of a URL or of a bare "host/path" string; undefined for plain names. */
function hostOf(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const hasScheme = /^https?:\/\//i.test(text);
  if (!hasScheme && !/^[\p{L}\d-]+(?:\.[\p{L}\d-]+)+(?:[:/].*)?$/u.test(text)) return undefined;
  try {
    const { hostname, host } = new URL(hasScheme ? text : `http://${text}`);
    // Without a scheme, "A.Smith" is a name and "reuters.com" a host: only a known public suffix decides.
    return hasScheme || parse(hostname).isIcann ? host : undefined;
  } catch {
    return undefined;
  }
}

function registrableDomain(host: string): string {
  const bare = host.replace(/:\d+$/, '');
  return getDomain(bare) ?? bare;
}

/** Case-, punctuation- and quote-insensitive form for comparing names ("«Ақорда»" ~ "ақорда"). */
function normalizeName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}.]+/gu, ' ')
    .trim();
}

/** `known` occurs in `name` as whole words ("пресс-служба акорда" contains "акорда"). */
function containsPhrase(name: string, known: string): boolean {
  if (!known) return false;
  return ` ${name} `.includes(` ${known} `);
}
