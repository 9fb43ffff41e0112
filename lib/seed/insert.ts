import { sql } from "drizzle-orm";
import { type Executor, rowsOf } from "@/lib/db/client";
import type { SeedLead, SeedOrganisation, SeedUser } from "./plan";

/**
 * Set-based inserts of the demo rows. Each chunk is one statement with one
 * JSON parameter; rows already present are left alone (ON CONFLICT DO
 * NOTHING), so running the seed again adds nothing and undoes no one's edits.
 */

const CHUNK_SIZE = 5_000;
const asJson = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

async function inChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<number>) {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += CHUNK_SIZE) {
    inserted += await insert(rows.slice(start, start + CHUNK_SIZE));
  }
  return inserted;
}

const countOf = (result: unknown) => Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);

export function insertOrganisations(tx: Executor, rows: SeedOrganisation[]) {
  return inChunks(rows, async (chunk) =>
    countOf(
      await tx.execute(sql`
        with inserted as (
          insert into organisations (code, name, kind, is_subscriber)
          select code, name, kind, "isSubscriber"
          from jsonb_to_recordset(${asJson(chunk)})
            as r(code text, name text, kind text, "isSubscriber" boolean)
          on conflict (code) do nothing
          returning 1
        )
        select count(*)::int as n from inserted`),
    ),
  );
}

export function insertRoles(tx: Executor, names: string[]) {
  return inChunks(names, async (chunk) =>
    countOf(
      await tx.execute(sql`
        with inserted as (
          insert into roles (name)
          select name from jsonb_array_elements_text(${asJson(chunk)}) as r(name)
          on conflict (name) do nothing
          returning 1
        )
        select count(*)::int as n from inserted`),
    ),
  );
}

export function insertUsers(tx: Executor, rows: SeedUser[]) {
  return inChunks(rows, async (chunk) =>
    countOf(
      await tx.execute(sql`
        with input as (
          select * from jsonb_to_recordset(${asJson(chunk)}) as r(
            email text, "fullName" text, "organisationCode" text, role text,
            "accessLevel" access_level, "lastSignInAt" timestamptz)
        ),
        inserted as (
          insert into users
            (email, full_name, organisation_id, role_id, access_level, last_sign_in_at)
          select i.email, i."fullName", o.id, ro.id, i."accessLevel", i."lastSignInAt"
          from input i
          left join organisations o on o.code = i."organisationCode"
          left join roles ro on ro.name = i.role
          on conflict (email) do nothing
          returning 1
        )
        select count(*)::int as n from inserted`),
    ),
  );
}

export function insertLeads(tx: Executor, rows: SeedLead[]) {
  return inChunks(rows, async (chunk) =>
    countOf(
      await tx.execute(sql`
        with inserted as (
          insert into subscriber_leads (organisation_id, full_name, email)
          select o.id, r."fullName", r.email
          from jsonb_to_recordset(${asJson(chunk)})
            as r("organisationCode" text, "fullName" text, email text)
          join organisations o on o.code = r."organisationCode"
          on conflict (organisation_id, email) do nothing
          returning 1
        )
        select count(*)::int as n from inserted`),
    ),
  );
}
