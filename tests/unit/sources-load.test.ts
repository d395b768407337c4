import { describe, expect, it } from 'vitest';
import { loadSources, parseSourceProfile, SourceProfileError } from '../../src/shared/sources/load.js';

const FIXTURES = 'tests/fixtures/discovery';

function problemsOf(profile: unknown): string[] {
  const result = parseSourceProfile(JSON.stringify(profile), 'sources/x.json');
  return result.ok ? [] : result.problems;
}

const minimal = {
  id: 'example',
  name: 'Example',
  startUrls: ['https://example.com/news'],
  allowedHosts: ['example.com'],
  languages: ['en'],
};

describe('shipped profiles', () => {
  it('load, with defaults applied', async () => {
    const profiles = await loadSources('sources');
    expect(profiles.map((profile) => profile.id)).toEqual(['akorda', 'demo']);
    const [akorda, demo] = profiles;
    expect(akorda).toMatchObject({
      languages: ['kk', 'ru', 'en'],
      allowedHosts: ['www.akorda.kz', 'akorda.kz'],
      sitemaps: 'discover',
      feeds: 'discover',
      timeZone: 'Asia/Almaty',
      recrawl: { freshArticleRefetchHours: [6, 24, 72] },
    });
    expect(demo).toMatchObject({ startUrls: ['http://127.0.0.1:8765/'], allowedHosts: ['127.0.0.1:8765'], maxDepth: 2 });
  });
});

describe('defaults', () => {
  it('fills every optional field', () => {
    const result = parseSourceProfile(JSON.stringify(minimal), 'sources/x.json');
    expect(result).toEqual({
      ok: true,
      profile: {
        ...minimal,
        aliases: [],
        sitemaps: 'discover',
        feeds: 'discover',
        include: [],
        exclude: [],
        maxDepth: 2,
        recrawl: { startPagesMinutes: 30, feedsMinutes: 15, sitemapsMinutes: 360, freshArticleRefetchHours: [6, 24, 72] },
        politeness: {},
        timeZone: 'UTC',
      },
    });
  });

  it('keeps given recrawl values and defaults the rest', () => {
    const result = parseSourceProfile(JSON.stringify({ ...minimal, recrawl: { feedsMinutes: 5 } }), 'x');
    expect(result.ok && result.profile.recrawl).toEqual({
      startPagesMinutes: 30,
      feedsMinutes: 5,
      sitemapsMinutes: 360,
      freshArticleRefetchHours: [6, 24, 72],
    });
  });

  it('lower-cases allowed hosts', () => {
    const result = parseSourceProfile(JSON.stringify({ ...minimal, allowedHosts: ['Example.COM'] }), 'x');
    expect(result.ok && result.profile.allowedHosts).toEqual(['example.com']);
  });
});

describe('validation messages', () => {
  it.each([
    ['missing fields', {}, [
      'sources/x.json: id: is required',
      'sources/x.json: name: is required',
      'sources/x.json: startUrls: is required',
      'sources/x.json: allowedHosts: is required',
      'sources/x.json: languages: is required',
    ]],
    ['not an object', [1], ['sources/x.json: must be an object, got array']],
    ['non-http start URL', { ...minimal, startUrls: ['ftp://example.com/'] }, ['sources/x.json: startUrls[0]: must be an http(s) URL']],
    ['start URL off the allowed hosts', { ...minimal, startUrls: ['https://other.com/'] }, [
      'sources/x.json: startUrls[0]: host "other.com" is not in allowedHosts',
    ]],
    ['wrong type', { ...minimal, maxDepth: '2' }, ['sources/x.json: maxDepth: must be a number, got string']],
    ['fractional integer', { ...minimal, maxDepth: 1.5 }, ['sources/x.json: maxDepth: must be an integer, got 1.5']],
    ['array expected', { ...minimal, languages: 'en' }, ['sources/x.json: languages: must be an array, got string']],
    ['unknown top-level keys', { ...minimal, exlude: [], foo: 1 }, [
      'sources/x.json: unknown key "exlude"',
      'sources/x.json: unknown key "foo"',
    ]],
    ['unknown nested key', { ...minimal, recrawl: { feedMinutes: 5 } }, ['sources/x.json: recrawl: unknown key "feedMinutes"']],
    ['bad regex', { ...minimal, exclude: ['ok', '(unclosed'] }, [
      'sources/x.json: exclude[1]: invalid regular expression: Unterminated group',
    ]],
    ['bad slug', { ...minimal, id: 'Akorda KZ' }, [
      'sources/x.json: id: must be a slug (lower-case letters, digits, single hyphens)',
    ]],
    ['bad language', { ...minimal, languages: ['en', 'kaz', 'xx'] }, [
      'sources/x.json: languages[1]: must be an ISO 639-1 code (two lower-case letters, e.g. "kk")',
      'sources/x.json: languages[2]: must be an ISO 639-1 code (two lower-case letters, e.g. "kk")',
    ]],
    ['bad sitemaps', { ...minimal, sitemaps: 'auto' }, ['sources/x.json: sitemaps: must be "discover" or an array of http(s) URLs']],
    ['bad time zone', { ...minimal, timeZone: 'Asia/Atlantis' }, [
      'sources/x.json: timeZone: must be an IANA time zone such as "Asia/Almaty"',
    ]],
    ['refetch hours not ascending', { ...minimal, recrawl: { freshArticleRefetchHours: [24, 6] } }, [
      'sources/x.json: recrawl.freshArticleRefetchHours: must be ascending',
    ]],
    ['empty selector', { ...minimal, extraction: { body: ' ', remove: ['.ad', ''] } }, [
      'sources/x.json: extraction.body: must be a non-empty CSS selector',
      'sources/x.json: extraction.remove[1]: must be a non-empty CSS selector',
    ]],
    ['selector that does not compile', { ...minimal, extraction: { title: 'h1[', remove: ['.ad', 'figure::after'] } }, [
      'sources/x.json: extraction.title: invalid CSS selector: Expected name, found',
      'sources/x.json: extraction.remove[1]: invalid CSS selector: Pseudo-elements are not supported by css-select',
    ]],
  ])('%s', (_, profile, expected) => {
    expect(problemsOf(profile)).toEqual(expected);
  });

  it('reports invalid JSON with the file name', () => {
    expect(problemsOf('unused')).toEqual(['sources/x.json: must be an object, got string']);
    const result = parseSourceProfile('{ "id": ', 'sources/x.json');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatch(/^sources\/x\.json: invalid JSON: /);
  });
});

describe('loadSources', () => {
  it('collects every problem of every file, naming file and JSON path', async () => {
    const error = await loadSources(`${FIXTURES}/sources-invalid`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceProfileError);
    const problems = (error as SourceProfileError).problems.map((problem) => problem.replace(`${FIXTURES}/sources-invalid/`, ''));
    expect(problems.filter((problem) => !problem.startsWith('broken-json.json'))).toEqual([
      'bad-regex.json: startUrls[0]: must be an http(s) URL',
      'bad-regex.json: languages[0]: must be an ISO 639-1 code (two lower-case letters, e.g. "kk")',
      'bad-regex.json: include[0]: invalid regular expression: Unterminated group',
      'bad-regex.json: timeZone: must be an IANA time zone such as "Asia/Almaty"',
      'unknown-keys.json: politeness: unknown key "delayMs"',
      'unknown-keys.json: unknown key "exlude"',
      'wrong-types.json: startUrls: must be an array, got string',
      'wrong-types.json: maxDepth: must be a number, got string',
      'wrong-types.json: recrawl.feedsMinutes: must be a positive number of minutes',
    ]);
    expect(problems.find((problem) => problem.startsWith('broken-json.json'))).toMatch(/^broken-json\.json: invalid JSON: /);
    expect((error as Error).message).toMatch(/^10 problems in source profiles:\n/);
  });

  it('rejects duplicate ids, naming both files', async () => {
    await expect(loadSources(`${FIXTURES}/sources-duplicate`)).rejects.toThrow(
      `${FIXTURES}/sources-duplicate/b.json: id: duplicate id "same" (already used by ${FIXTURES}/sources-duplicate/a.json)`,
    );
  });

  it('names a missing directory', async () => {
    await expect(loadSources(`${FIXTURES}/no-such-dir`)).rejects.toThrow(
      `${FIXTURES}/no-such-dir: cannot read the sources directory: ENOENT`,
    );
  });
});
