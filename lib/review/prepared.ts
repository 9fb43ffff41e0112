import type { Database } from "@/lib/db/client";

/**
 * Statements on the review page's hot paths (token lookup, loading a row
 * before a save) are built once per database handle and prepared, so a
 * save spends its time in PostgreSQL rather than in building SQL.
 */
const cache = new WeakMap<Database, Map<string, unknown>>();

export function preparedFor<T>(
  db: Database,
  name: string,
  build: (db: Database) => T,
): T {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  if (!statements.has(name)) statements.set(name, build(db));
  return statements.get(name) as T;
}
