// A replay store in SQLite, shared by every process that opens the same file. better-sqlite3 (version 12;
// 13 needs Node 22) is an optional dependency, loaded only when this store is created.
import type { DeliveryState, ReplayStore } from './replay-store.js';

export type SqliteReplayStoreOptions = {
  /** The database file, or `:memory:`. */
  filename: string;
  /** Table to keep deliveries in; created if missing. Default `shopify_webhook_deliveries`. */
  table?: string;
};

export type SqliteReplayStore = ReplayStore & { close(): void };

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** Expired rows are deleted every this many deliveries, so the table stays about one TTL long. */
const PURGE_EVERY = 256;

/** Opens (or creates) the store. Throws when better-sqlite3 is not installed: a setup error, not input. */
export async function createSqliteReplayStore(options: SqliteReplayStoreOptions): Promise<SqliteReplayStore> {
  const table = options.table ?? 'shopify_webhook_deliveries';
  if (!TABLE_NAME.test(table)) throw new RangeError(`invalid table name: ${table}`);
  let Database: typeof import('better-sqlite3');
  try {
    Database = (await import('better-sqlite3')).default;
  } catch (error) {
    throw new Error(
      'createSqliteReplayStore needs the optional package better-sqlite3@12 (npm i better-sqlite3@12)',
      {
        cause: error,
      },
    );
  }
  const db = new Database(options.filename);
  db.pragma('journal_mode = WAL');
  // Several processes share the file; wait for a writer instead of failing at once.
  db.pragma('busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('in-progress', 'done')),
    expires_at INTEGER NOT NULL
  )`);
  db.exec(`CREATE INDEX IF NOT EXISTS ${table}_expires_at ON ${table} (expires_at)`);

  // An expired row is taken over in the same statement that would insert a new one.
  const claim = db.prepare<[string, number, number]>(
    `INSERT INTO ${table} (key, state, expires_at) VALUES (?, 'in-progress', ?)
     ON CONFLICT (key) DO UPDATE SET state = 'in-progress', expires_at = excluded.expires_at
     WHERE ${table}.expires_at <= ?`,
  );
  const stateOf = db.prepare<[string], { state: 'in-progress' | 'done' }>(
    `SELECT state FROM ${table} WHERE key = ?`,
  );
  const markDone = db.prepare<[number, string]>(
    `UPDATE ${table} SET state = 'done', expires_at = ? WHERE key = ?`,
  );
  const forget = db.prepare<[string]>(`DELETE FROM ${table} WHERE key = ? AND state = 'in-progress'`);
  const purge = db.prepare<[number]>(`DELETE FROM ${table} WHERE expires_at <= ?`);
  const begin = db.transaction((key: string, expiresAt: number, now: number): DeliveryState => {
    if (claim.run(key, expiresAt, now).changes === 1) return 'new';
    // The row exists (the insert conflicted inside this transaction); if not, answer as busy, never as new.
    return stateOf.get(key)?.state ?? 'in-progress';
  });
  let sincePurge = 0;

  return {
    begin(key, expiresAt, now) {
      if (++sincePurge >= PURGE_EVERY) {
        sincePurge = 0;
        purge.run(now);
      }
      // IMMEDIATE takes the write lock first, so two processes cannot both see `new`.
      return begin.immediate(key, expiresAt, now);
    },
    complete(key, expiresAt) {
      markDone.run(expiresAt, key);
    },
    release(key) {
      forget.run(key);
    },
    close() {
      db.close();
    },
  };
}
