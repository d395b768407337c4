/**
 * The API's query-string parser. Fastify's default (`querystring.parse`) turns `?a=1&a=2` into an
 * array, and other parsers turn `?source[$gt]=` into an object; either could smuggle a MongoDB
 * operator into a filter. This one returns only flat strings: a repeated name or a name that is not
 * a plain word is remembered as a problem, and `rejectMalformedQuery` answers 400 for it (a parser
 * cannot reply by itself: fastify calls it while routing).
 */

export const QUERY_PROBLEM = Symbol('newsflow.queryProblem');

export type FlatQuery = Record<string, string> & { [QUERY_PROBLEM]?: string };

const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const MAX_PARAMETERS = 50;

export function parseFlatQuery(queryString: string): FlatQuery {
  const query = Object.create(null) as FlatQuery;
  let count = 0;
  for (const [name, value] of new URLSearchParams(queryString)) {
    count += 1;
    if (count > MAX_PARAMETERS) {
      query[QUERY_PROBLEM] ??= `query: at most ${MAX_PARAMETERS} parameters`;
      break;
    }
    if (!PLAIN_NAME.test(name)) {
      query[QUERY_PROBLEM] ??= `query: parameter name ${JSON.stringify(name.slice(0, 80))} is not a plain word (no brackets, no $)`;
      continue;
    }
    if (Object.hasOwn(query, name)) {
      query[QUERY_PROBLEM] ??= `${name}: given more than once`;
      continue;
    }
    query[name] = value;
  }
  return query;
}

export function queryProblem(query: unknown): string | undefined {
  return typeof query === 'object' && query !== null ? (query as FlatQuery)[QUERY_PROBLEM] : undefined;
}
