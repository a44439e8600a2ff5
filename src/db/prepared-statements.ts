// Named prepared statements on both engines, for the statements the app runs again and again
// (the tenant's set_config, an accept batch's inserts, the job insert, the usual reads). A text
// seen a few times gets a name; from then on the database keeps its parsed statement and, after
// PostgreSQL's first few custom plans, a generic plan — as pgjdbc and postgres.js do by default.
//   PGlite: its query() sends every parameterized statement as six protocol messages, each a
//     trip into the WebAssembly backend, and parses and plans it each time. A named statement
//     runs in one trip (Bind, Describe, Execute, Sync). Values are serialized by PGlite's own
//     serializers for the parameter types, and rows parsed by its own parser, as query() does.
//     Only inside transactions (every tenant query runs in one); other calls go to PGlite as is.
//   PostgreSQL: `pg` parses a named statement once per connection; the name only has to be given.
// A text stays unnamed until seen `threshold` times, so one-off statements never pile up, and
// at most `size` texts get a name (a process's hot statements are a few hundred at most).
import { createHash } from 'node:crypto';
import { Mutex, messages, parse, protocol, type PGlite, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';
import pg from 'pg';

export interface StatementNamesOptions {
  /** runs of a text before it is prepared; default 3 */
  threshold?: number;
  /** most named texts; default 256 */
  size?: number;
}

/** Which statement texts are worth a name. */
export class StatementNames {
  readonly #threshold: number;
  readonly #size: number;
  readonly #seen = new Map<string, number>();
  readonly #names = new Map<string, string>();

  constructor(options: StatementNamesOptions = {}) {
    this.#threshold = options.threshold ?? 3;
    this.#size = options.size ?? 256;
  }

  /** The statement's name once it is worth preparing, else null. */
  nameOf(text: string): string | null {
    const named = this.#names.get(text);
    if (named !== undefined) return named;
    if (this.#names.size >= this.#size) return null;
    const runs = (this.#seen.get(text) ?? 0) + 1;
    if (runs < this.#threshold) {
      // texts with values written into them are all different: their counts must not pile up
      if (this.#seen.size >= 16 * this.#size) this.#seen.clear();
      this.#seen.set(text, runs);
      return null;
    }
    this.#seen.delete(text);
    const name = `mentor_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    this.#names.set(text, name);
    return name;
  }

  /** How many texts have a name (for tests and metrics). */
  get named(): number {
    return this.#names.size;
  }
}

type PgliteClient = Pick<PGlite, 'query' | 'exec' | 'transaction'>;
const serialize = protocol.serialize;
// the statement's plan no longer fits (26000: it is gone; 0A000: its result type changed after DDL)
const STALE_STATEMENT = new Set(['26000', '0A000']);

// Text-like parameter types whose binary form is their UTF-8 text (jsonb after a version byte).
// A long value goes as those bytes: PGlite would measure and encode a string character by
// character in JavaScript, Buffer does it natively (an accept batch's rows are one such value).
const UTF8_BINARY = new Map<number, Uint8Array>([[25, new Uint8Array(0)], [1043, new Uint8Array(0)], [114, new Uint8Array(0)], [3802, Uint8Array.of(1)]]);
const BINARY_FROM_CHARACTERS = 512;

function parameterValue(text: string, type: number): string | Uint8Array {
  const prefix = text.length >= BINARY_FROM_CHARACTERS ? UTF8_BINARY.get(type) : undefined;
  if (!prefix) return text;
  const bytes = Buffer.allocUnsafe(prefix.length + Buffer.byteLength(text));
  bytes.set(prefix);
  bytes.write(text, prefix.length, 'utf8');
  return bytes;
}

function joined(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The client drizzle gets on PGlite: PGlite itself, except that queries inside a transaction
 * run repeated statements by name. A transaction's queries run one at a time (PGlite's own
 * query() does too), so concurrent queries of one transaction never interleave their messages.
 */
export function pgliteWithPreparedStatements(pglite: PGlite, names = new StatementNames()): PgliteClient {
  /** statement text → its name and parameter types, once prepared in this PGlite */
  const prepared = new Map<string, { name: string; types: number[] }>();

  async function runNamed<T>(name: string, text: string, params: unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
    try {
      let statement = prepared.get(text);
      if (!statement) {
        // Close first: a statement dropped from the map after an error may still exist
        const described = await pglite.execProtocol(joined([
          serialize.close({ type: 'S', name }), serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync(),
        ]), { syncToFs: false });
        statement = { name, types: parse.parseDescribeStatementResults(described.messages) };
        prepared.set(text, statement);
      }
      const types = statement.types;
      const values = params.map((value, index) => {
        if (value === null || value === undefined) return null;
        const serializer = options?.serializers?.[types[index]!] ?? pglite.serializers[types[index]!];
        return parameterValue(serializer ? serializer(value) : String(value), types[index]!);
      });
      const ran = await pglite.execProtocol(joined([serialize.bind({ statement: name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]), {
        syncToFs: false, ...(options?.onNotice ? { onNotice: options.onNotice } : {}),
      });
      // parseResults would copy PGlite's 300-odd parsers into a new object to lay drizzle's few
      // overrides on top (about 80 µs a query); a lookup through the prototype finds the same parser
      const parsers = options?.parsers ? Object.assign(Object.create(pglite.parsers) as typeof pglite.parsers, options.parsers) : pglite.parsers;
      return parse.parseResults(ran.messages, parsers, options && { ...options, parsers: undefined })[0] as Results<T>;
    } catch (error) {
      if (error instanceof messages.DatabaseError) {
        if (error.code && STALE_STATEMENT.has(error.code)) prepared.delete(text);
        // what PGlite's query() adds to its errors
        Object.assign(error, { query: text, params, queryOptions: options });
      }
      throw error;
    }
  }

  return {
    query: (text, params, options) => pglite.query(text, params, options),
    exec: (text, options) => pglite.exec(text, options),
    transaction: (callback) => pglite.transaction((tx) => {
      const oneAtATime = new Mutex();
      const inTransaction: Transaction = {
        query: <T>(text: string, params: unknown[] = [], options?: QueryOptions) => oneAtATime.runExclusive(() => {
          const name = tx.closed || options?.blob || options?.paramTypes ? null : names.nameOf(text);
          return name ? runNamed<T>(name, text, params, options) : tx.query<T>(text, params, options);
        }),
        sql: (strings, ...params) => oneAtATime.runExclusive(() => tx.sql(strings, ...params)),
        exec: (text, options) => oneAtATime.runExclusive(() => tx.exec(text, options)),
        rollback: () => oneAtATime.runExclusive(() => tx.rollback()),
        listen: (channel, listener) => tx.listen(channel, listener),
        get closed() {
          return tx.closed;
        },
      };
      return callback(inTransaction);
    }),
  };
}

interface QueryConfigLike {
  text: string;
  name?: string;
  submit?: unknown;
}

const isConfig = (value: unknown): value is QueryConfigLike =>
  typeof value === 'object' && value !== null && typeof (value as QueryConfigLike).text === 'string' && (value as QueryConfigLike).submit === undefined;

/** A `pg` client class whose repeated statements carry a name, so each connection parses them once. */
export function namingPgClient(names = new StatementNames()): typeof pg.Client {
  return class NamingClient extends pg.Client {
    override query(...args: unknown[]): never {
      const [config, values, callback] = args;
      if (typeof config === 'string' && Array.isArray(values) && callback === undefined) {
        const name = names.nameOf(config);
        if (name) args = [{ name, text: config, values }];
      } else if (isConfig(config) && config.name === undefined) {
        const name = names.nameOf(config.text);
        if (name) args[0] = { ...config, name };
      }
      return (super.query as (...rest: unknown[]) => never)(...args);
    }
  };
}
