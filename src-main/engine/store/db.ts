// Opens the SQLite store: WAL, foreign keys, and every checked-in migration applied in order.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema>;

export interface Store {
  /** The raw connection, for hot paths that want prepared statements. */
  sqlite: Database.Database;
  db: Db;
  dataDir: string;
  close(): void;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export function openStore(dataDir: string): Store {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'vouch.db');
  const sqlite = new Database(file);
  // Identity data and sealed credentials: readable by this user only (SQLite gives WAL files the same mode).
  if (process.platform !== 'win32') chmodSync(file, 0o600);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  // Several processes (CLI, lanes) share the file; wait for a writer instead of failing at once.
  sqlite.pragma('busy_timeout = 10000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return {
    sqlite,
    db,
    dataDir,
    close: () => sqlite.close(),
  };
}
