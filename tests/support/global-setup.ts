import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { connectPglite, connectPostgres } from "@/lib/db/client";
import { migrateConnection } from "@/lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    /** A dump of a migrated PGlite, or a migrated template database's name. */
    databaseTemplate: string;
  }
}

/**
 * Migrates once per run instead of once per test file: a dump of a migrated
 * PGlite, or a template database on the server that each file clones.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const file = path.join(os.tmpdir(), `sr-pglite-template-${process.pid}.tar`);
    const connection = connectPglite();
    await migrateConnection(connection);
    const client = (connection.db as unknown as { $client: PGlite }).$client;
    const dump = await client.dumpDataDir("none");
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await connection.close();
    project.provide("databaseTemplate", file);
    return () => fs.rmSync(file, { force: true });
  }

  const name = `sr_template_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connection = connectPostgres(url.toString(), 1);
  await migrateConnection(connection);
  await connection.close();
  project.provide("databaseTemplate", name);
  return async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
