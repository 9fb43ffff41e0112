import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import {
  type Connection,
  connectPglite,
  connectPostgres,
  setConnection,
} from "@/lib/db/client";

/**
 * A database of its own for a test file that runs the app in a child process
 * (a script, a worker), cloned from the migrated template. On a server that is
 * a throwaway database named by DATABASE_URL; on PGlite a data folder loaded
 * from the template's dump, named by PGLITE_DATA_DIR. PGlite is one process
 * per folder, so the test opens its own handle only around the work it does
 * itself (`withDatabase`) and never while a child has the folder.
 */
export interface ThrowawayDatabase {
  /** What a child process needs in its environment to open this database. */
  readonly env: Record<string, string>;
  /** Runs `work` with this process's own handle on the database, then closes it. */
  withDatabase<T>(work: () => Promise<T>): Promise<T>;
}

interface Throwaway {
  env: Record<string, string>;
  open(): Connection;
  drop(): Promise<void>;
}

/** Makes the database before the file's tests and drops it after them. */
export function withThrowawayDatabase(label: string): ThrowawayDatabase {
  const state = {} as { throwaway: Throwaway };
  beforeAll(async () => {
    const template = inject("databaseTemplate");
    const serverUrl = process.env.TEST_DATABASE_URL;
    state.throwaway = serverUrl
      ? await serverDatabase(serverUrl, template, label)
      : await pgliteFolder(template, label);
  }, 120_000);
  afterAll(async () => {
    await state.throwaway?.drop();
  });

  return {
    get env() {
      return state.throwaway.env;
    },
    async withDatabase(work) {
      const connection = state.throwaway.open();
      setConnection(connection);
      try {
        return await work();
      } finally {
        setConnection(undefined);
        await connection.close();
      }
    },
  };
}

async function serverDatabase(
  serverUrl: string,
  template: string,
  label: string,
): Promise<Throwaway> {
  const name = `sr_${label}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    open: () => connectPostgres(url.toString(), 2),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function pgliteFolder(template: string, label: string): Promise<Throwaway> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), `sr-${label}-`));
  const dir = path.join(parent, "pglite");
  const loaded = connectPglite(dir, new Blob([fs.readFileSync(template)]));
  await loaded.close();
  return {
    env: { DATABASE_URL: "", PGLITE_DATA_DIR: dir },
    open: () => connectPglite(dir),
    async drop() {
      fs.rmSync(parent, { recursive: true, force: true });
    },
  };
}
