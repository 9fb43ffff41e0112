import { sql } from "drizzle-orm";
import { type Executor, rowsOf } from "@/lib/db/client";
import type { LeadRow, OrganisationRow, UserRow } from "./import-schemas";

/**
 * Set-based upserts, one statement per chunk of rows. Each chunk travels as a
 * single JSON parameter, so a 50,000-row file is a handful of statements
 * rather than 50,000 round trips or a statement with a million parameters.
 * A row whose values are already stored is not touched (the WHERE on the
 * conflict), which is what makes a second import change nothing.
 */

export interface UpsertCounts {
  inserted: number;
  updated: number;
  accessChanges: number;
}

const asJson = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

export async function upsertOrganisations(
  tx: Executor,
  rows: (OrganisationRow & { displayName: string })[],
): Promise<UpsertCounts> {
  const input = rows.map((row) => ({
    code: row.code,
    name: row.displayName,
    is_subscriber: row.subscriber,
  }));
  const result = await tx.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${asJson(input)})
        as r(code text, name text, is_subscriber boolean)
    ),
    upserted as (
      insert into organisations (code, name, is_subscriber)
      select code, name, is_subscriber from input
      on conflict (code) do update
        set name = excluded.name,
            is_subscriber = excluded.is_subscriber,
            updated_at = now()
        where (organisations.name, organisations.is_subscriber)
          is distinct from (excluded.name, excluded.is_subscriber)
      returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted)::int as inserted,
           count(*) filter (where not inserted)::int as updated,
           0 as "accessChanges"
    from upserted`);
  return countsOf(result);
}

/** Creates the roles named in the file that do not exist yet (matched case-insensitively). */
export async function createMissingRoles(
  tx: Executor,
  names: string[],
): Promise<string[]> {
  if (names.length === 0) return [];
  const result = await tx.execute(sql`
    insert into roles (name)
    select distinct on (lower(r.name)) r.name
    from jsonb_array_elements_text(${asJson(names)}) as r(name)
    where not exists (select 1 from roles where lower(roles.name) = lower(r.name))
    order by lower(r.name), r.name
    on conflict (name) do nothing
    returning name`);
  return rowsOf<{ name: string }>(result).map((row) => row.name);
}

export async function upsertUsers(
  tx: Executor,
  rows: UserRow[],
  actor: string,
): Promise<UpsertCounts> {
  const result = await tx.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${asJson(rows)}) as r(
        email text, full_name text, organisation_code text, role text,
        access_level access_level, last_sign_in_at timestamptz)
    ),
    role_ids as (
      select distinct on (lower(name)) lower(name) as key, id from roles
      order by lower(name), id
    ),
    resolved as (
      select i.email, i.full_name, o.id as organisation_id, ro.id as role_id,
             i.access_level, i.last_sign_in_at
      from input i
      left join organisations o on o.code = i.organisation_code
      left join role_ids ro on ro.key = lower(i.role)
    ),
    before as (
      select u.id, u.access_level from users u join input i on i.email = u.email
    ),
    upserted as (
      insert into users
        (email, full_name, organisation_id, role_id, access_level, last_sign_in_at)
      select email, full_name, organisation_id, role_id, access_level, last_sign_in_at
      from resolved
      on conflict (email) do update
        set full_name = excluded.full_name,
            organisation_id = excluded.organisation_id,
            role_id = excluded.role_id,
            access_level = excluded.access_level,
            last_sign_in_at = excluded.last_sign_in_at,
            version = users.version + 1,
            updated_at = now()
        where (users.full_name, users.organisation_id, users.role_id,
               users.access_level, users.last_sign_in_at)
          is distinct from (excluded.full_name, excluded.organisation_id,
               excluded.role_id, excluded.access_level, excluded.last_sign_in_at)
      returning id, access_level, (xmax = 0) as inserted
    ),
    changes as (
      -- An import that changes someone's access level leaves the same trace
      -- as any other access change, so it can be seen and reverted.
      insert into access_changes (user_id, from_level, to_level, reason, actor)
      select up.id, b.access_level, up.access_level, 'import', ${actor}
      from upserted up join before b on b.id = up.id
      where b.access_level <> up.access_level
      returning 1
    )
    select (select count(*) from upserted where inserted)::int as inserted,
           (select count(*) from upserted where not inserted)::int as updated,
           (select count(*) from changes)::int as "accessChanges"`);
  return countsOf(result);
}

export async function upsertLeads(tx: Executor, rows: LeadRow[]): Promise<UpsertCounts> {
  const result = await tx.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${asJson(rows)})
        as r(organisation_code text, full_name text, email text)
    ),
    upserted as (
      insert into subscriber_leads (organisation_id, full_name, email)
      select o.id, i.full_name, i.email
      from input i join organisations o on o.code = i.organisation_code
      on conflict (organisation_id, email) do update
        set full_name = excluded.full_name
        where subscriber_leads.full_name is distinct from excluded.full_name
      returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted)::int as inserted,
           count(*) filter (where not inserted)::int as updated,
           0 as "accessChanges"
    from upserted`);
  return countsOf(result);
}

/** The organisation codes, of those given, that the database does not hold. */
export async function unknownOrganisationCodes(
  tx: Executor,
  codes: string[],
): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const result = await tx.execute(sql`
    select c.code from jsonb_array_elements_text(${asJson(codes)}) as c(code)
    where not exists (select 1 from organisations o where o.code = c.code)`);
  return new Set(rowsOf<{ code: string }>(result).map((row) => row.code));
}

function countsOf(result: unknown): UpsertCounts {
  const [row] = rowsOf<UpsertCounts>(result);
  return {
    inserted: Number(row?.inserted ?? 0),
    updated: Number(row?.updated ?? 0),
    accessChanges: Number(row?.accessChanges ?? 0),
  };
}
