import { describe, expect, it } from 'vitest';
import type { Credit } from '../../src/shared/extract/types.js';
import { resolveProvenance } from '../../src/shared/discovery/provenance.js';
import { loadSources } from '../../src/shared/sources/load.js';

describe('resolveProvenance', async () => {
  const profiles = await loadSources('sources');

  it.each<[string, Credit, Record<string, string | undefined>]>([
    // "Fotoğraf: https://www.akorda.kz/kz" as parsed by the extractor.
    ['photo credit URL on a configured host', { role: 'photo', url: 'https://www.akorda.kz/kz' }, { sourceId: 'akorda', domain: 'akorda.kz' }],
    ['URL left in the name', { role: 'photo', name: 'https://www.akorda.kz/kz' }, { sourceId: 'akorda', domain: 'akorda.kz' }],
    ['bare host as name', { role: 'source', name: 'akorda.kz' }, { sourceId: 'akorda', domain: 'akorda.kz' }],
    ['host with path as name', { role: 'source', name: 'Akorda.kz/ru' }, { sourceId: 'akorda', domain: 'akorda.kz' }],
    ['subdomain of a configured domain', { role: 'video', url: 'https://media.akorda.kz/v/1' }, { sourceId: 'akorda', domain: 'akorda.kz' }],
    ['Russian alias', { role: 'source', name: 'Акорда' }, { sourceId: 'akorda', domain: 'akorda.kz' }],
    ['Kazakh alias in guillemets', { role: 'source', name: '«Ақорда»' }, { sourceId: 'akorda', domain: 'akorda.kz' }],
    ['alias inside a longer name', { role: 'photo', name: 'Пресс-служба Акорда' }, { sourceId: 'akorda', domain: 'akorda.kz' }],
    ['demo site with port', { role: 'source', url: 'http://127.0.0.1:8765/news/1' }, { sourceId: 'demo', domain: '127.0.0.1' }],
    ['unconfigured site keeps its domain', { role: 'source', url: 'https://www.reuters.com/world/' }, { sourceId: undefined, domain: 'reuters.com' }],
    ['unconfigured host name', { role: 'source', name: 'kazinform.kz' }, { sourceId: undefined, domain: 'kazinform.kz' }],
    ['person', { role: 'photo', name: 'Ivan Petrov' }, { sourceId: undefined, domain: undefined }],
    ['initials with a dot are not a host', { role: 'text', name: 'A.Smith' }, { sourceId: undefined, domain: undefined }],
    ['look-alike domain', { role: 'source', url: 'https://akorda.kz.example.com/' }, { sourceId: undefined, domain: 'example.com' }],
  ])('%s', (_, credit, expected) => {
    const [resolved] = resolveProvenance([credit], profiles);
    expect(resolved).toEqual({ ...credit, ...Object.fromEntries(Object.entries(expected).filter(([, value]) => value !== undefined)) });
  });

  it('keeps order and role of every credit', () => {
    const credits: Credit[] = [
      { role: 'text', name: 'Editor' },
      { role: 'photo', url: 'https://www.akorda.kz/kz' },
    ];
    expect(resolveProvenance(credits, profiles).map((credit) => [credit.role, credit.sourceId])).toEqual([
      ['text', undefined],
      ['photo', 'akorda'],
    ]);
  });
});
