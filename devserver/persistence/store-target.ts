import { PersistenceError } from './persistence-error';

/** Where executions are kept, as chosen by the devserver's `--db` option. */
export type StoreTarget =
  | { kind: 'memory' }
  | { kind: 'postgres'; connectionString: string; schema?: string }
  | { kind: 'pglite'; dataDir: string };

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * `undefined`/'' → memory; `postgres://` or `postgresql://` URL → Postgres (an optional `schema`
 * query parameter puts the tables in that schema); `memory:` → memory; anything else is a directory
 * for an embedded PGlite database.
 */
export function parseStoreTarget(target: string | undefined): StoreTarget {
  const text = target?.trim() ?? '';
  if (text === '' || text === 'memory:' || text === ':memory:') return { kind: 'memory' };
  if (/^postgres(ql)?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch (error) {
      throw new PersistenceError(`invalid Postgres URL '${redact(text)}'`, { cause: error });
    }
    const schema = url.searchParams.get('schema') ?? undefined;
    if (schema !== undefined && !SCHEMA_NAME.test(schema))
      throw new PersistenceError(`invalid schema name '${schema}'`);
    url.searchParams.delete('schema');
    return { kind: 'postgres', connectionString: url.toString(), schema };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text))
    throw new PersistenceError(`unsupported database URL '${redact(text)}' (expected postgres://... or a directory)`);
  return { kind: 'pglite', dataDir: text };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
