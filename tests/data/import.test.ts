import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { importCsv } from "@/lib/csv/import";
import {
  accessChanges,
  auditEvents,
  organisations,
  roles,
  subscriberLeads,
  users,
} from "@/lib/db/schema";
import { getDb, withTestDatabase } from "../support/db";

withTestDatabase();

const actor = { actor: "admin@example.org" };

async function count(table: "organisations" | "users" | "subscriber_leads" | "roles") {
  const result = await getDb().execute(
    sql.raw(`select count(*)::int as n from ${table}`),
  );
  const rows = Array.isArray(result)
    ? result
    : (result as { rows: { n: number }[] }).rows;
  return Number(rows[0].n);
}

async function importAuditCount() {
  const rows = await getDb()
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(eq(auditEvents.action, "csv.import"));
  return rows.length;
}

const organisationsCsv = [
  "code,name,subscriber",
  "R0A,MANCHESTER UNIVERSITY NHS FOUNDATION TRUST,yes",
  "RBS,Alder Hey Children's NHS Foundation Trust,no",
  "A81001,THE DENSHAM SURGERY,Yes",
].join("\n");

describe("importing organisations", () => {
  it("inserts a good file, then changes nothing when it comes again", async () => {
    const first = await importCsv("organisations", organisationsCsv, actor);
    expect(first).toMatchObject({
      ok: true,
      summary: { rows: 3, inserted: 3, updated: 0, unchanged: 0 },
    });
    const [mft] = await getDb()
      .select({ name: organisations.name, isSubscriber: organisations.isSubscriber })
      .from(organisations)
      .where(eq(organisations.code, "R0A"));
    expect(mft).toEqual({
      name: "Manchester University NHS Foundation Trust",
      isSubscriber: true,
    });
    const before = await getDb()
      .select({ code: organisations.code, updatedAt: organisations.updatedAt })
      .from(organisations);

    const second = await importCsv("organisations", organisationsCsv, actor);
    expect(second).toMatchObject({
      ok: true,
      summary: { rows: 3, inserted: 0, updated: 0, unchanged: 3 },
    });
    const after = await getDb()
      .select({ code: organisations.code, updatedAt: organisations.updatedAt })
      .from(organisations);
    expect(after).toEqual(before);
  });

  it("updates only the rows that changed, with one audit event per import", async () => {
    const audits = await importAuditCount();
    const changed = organisationsCsv.replace(
      "RBS,Alder Hey Children's NHS Foundation Trust,no",
      "RBS,Alder Hey Children's NHS Foundation Trust,yes",
    );
    const outcome = await importCsv("organisations", changed, actor);
    expect(outcome).toMatchObject({
      ok: true,
      summary: { inserted: 0, updated: 1, unchanged: 2 },
    });
    expect(await importAuditCount()).toBe(audits + 1);
  });

  it("reads a BOM, CRLF line ends, quoted fields and blank trailing lines", async () => {
    const text =
      '\uFEFFcode,name,subscriber\r\nQOP,"NHS GREATER MANCHESTER INTEGRATED CARE BOARD",no\r\n' +
      'Y02,"Smith, Jones and ""Partners""",no\r\n\r\n\r\n';
    const outcome = await importCsv("organisations", Buffer.from(text, "utf8"), actor);
    expect(outcome).toMatchObject({ ok: true, summary: { rows: 2, inserted: 2 } });
    const [row] = await getDb()
      .select({ name: organisations.name })
      .from(organisations)
      .where(eq(organisations.code, "Y02"));
    expect(row.name).toBe('Smith, Jones and "Partners"');
  });

  it("refuses a file with one bad row and imports none of it", async () => {
    const before = await count("organisations");
    const audits = await importAuditCount();
    const text = [
      "code,name,subscriber",
      "ZZ1,A Good Practice,no",
      '"ZZ2","A quoted name',
      'spanning two lines",no',
      "",
      "ZZ3,,maybe",
      "ZZ1,Repeated,no",
    ].join("\r\n");
    const outcome = await importCsv("organisations", text, actor);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    // Spreadsheet rows: the two-line quoted value is row 3, the blank row 4.
    expect(outcome.problems).toEqual([
      { line: 5, column: "name", message: "Enter the organisation's name." },
      { line: 5, column: "subscriber", message: 'Write "yes" or "no".' },
      { line: 6, message: "The same organisation code is already on line 2." },
    ]);
    expect(await count("organisations")).toBe(before);
    expect(await importAuditCount()).toBe(audits);
  });

  it("names missing columns on line 1", async () => {
    const outcome = await importCsv("organisations", "code,title\nX1,Y\n", actor);
    expect(outcome).toMatchObject({ ok: false, problems: [{ line: 1 }] });
    if (!outcome.ok) expect(outcome.problems[0].message).toContain("name, subscriber");
  });

  it("reports a stray quote with its line", async () => {
    const outcome = await importCsv(
      "organisations",
      'code,name,subscriber\nX1,"Open,no\n',
      actor,
    );
    expect(outcome).toMatchObject({ ok: false, problems: [{ line: 2 }] });
  });
});

const usersCsv = [
  "email,full_name,organisation_code,role,access_level,last_sign_in_at",
  " Ann.Example@NHS.net ,Ann Example,R0A,Staff Nurse,subscriber,2026-10-01",
  'bob.example@mft.nhs.uk,"Example, Bob",R0A,staff nurse,subscriber,01/02/2025 09:30',
  "cy.example@gmail.com,Cy Example,,Data Wrangler,non_subscriber,",
].join("\n");

describe("importing users", () => {
  it("inserts users, normalises emails, matches roles and creates new ones", async () => {
    await getDb().insert(roles).values({ name: "Staff Nurse" }).onConflictDoNothing();
    const outcome = await importCsv("users", usersCsv, actor);
    expect(outcome).toMatchObject({
      ok: true,
      summary: { rows: 3, inserted: 3, updated: 0, createdRoles: ["Data Wrangler"] },
    });
    const rows = await getDb()
      .select({ email: users.email, role: roles.name, lastSignInAt: users.lastSignInAt })
      .from(users)
      .leftJoin(roles, eq(roles.id, users.roleId))
      .orderBy(users.email);
    expect(rows.map((row) => [row.email, row.role])).toEqual([
      ["ann.example@nhs.net", "Staff Nurse"],
      ["bob.example@mft.nhs.uk", "Staff Nurse"],
      ["cy.example@gmail.com", "Data Wrangler"],
    ]);
    expect(rows[1].lastSignInAt?.toISOString()).toBe("2025-02-01T09:30:00.000Z");
  });

  it("changes nothing on a second import of the same file", async () => {
    const before = await getDb()
      .select({ id: users.id, version: users.version, updatedAt: users.updatedAt })
      .from(users)
      .orderBy(users.id);
    const outcome = await importCsv("users", usersCsv, actor);
    expect(outcome).toMatchObject({
      ok: true,
      summary: { inserted: 0, updated: 0, unchanged: 3, createdRoles: [] },
    });
    const after = await getDb()
      .select({ id: users.id, version: users.version, updatedAt: users.updatedAt })
      .from(users)
      .orderBy(users.id);
    expect(after).toEqual(before);
  });

  it("records an access change when the file changes someone's access level", async () => {
    const text = usersCsv.replace("Staff Nurse,subscriber", "Staff Nurse,non-subscriber");
    const outcome = await importCsv("users", text, actor);
    expect(outcome).toMatchObject({
      ok: true,
      summary: { updated: 1, accessChanges: 1 },
    });
    const changes = await getDb()
      .select({
        from: accessChanges.fromLevel,
        to: accessChanges.toLevel,
        reason: accessChanges.reason,
      })
      .from(accessChanges)
      .innerJoin(users, eq(users.id, accessChanges.userId))
      .where(eq(users.email, "ann.example@nhs.net"));
    expect(changes).toEqual([
      { from: "subscriber", to: "non_subscriber", reason: "import" },
    ]);
  });

  it("refuses unknown organisation codes and bad values, importing nothing", async () => {
    const before = await getDb().select().from(users).orderBy(users.id);
    const roleCount = await count("roles");
    const text = [
      "email,full_name,organisation_code,role,access_level,last_sign_in_at",
      "new.person@nhs.net,New Person,NOPE1,Brand New Role,subscriber,",
      "ann.example@nhs.net,Ann Renamed,R0A,Staff Nurse,subscriber,",
      "not-an-email,Someone,R0A,,subscriber,",
      "x@nhs.net,X,R0A,,gold,31/02/2025",
    ].join("\n");
    const outcome = await importCsv("users", text, actor);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map((p) => [p.line, p.column])).toEqual([
      [2, "organisation_code"],
      [4, "email"],
      [5, "access_level"],
      [5, "last_sign_in_at"],
    ]);
    expect(outcome.problems[0].message).toContain("NOPE1");
    expect(await getDb().select().from(users).orderBy(users.id)).toEqual(before);
    expect(await count("roles")).toBe(roleCount);
  });

  it("counts what a dry run would do and keeps nothing", async () => {
    const before = await count("users");
    const text = `${usersCsv}\nnew.one@nhs.net,New One,R0A,,subscriber,`;
    const outcome = await importCsv("users", text, { ...actor, dryRun: true });
    expect(outcome).toMatchObject({ ok: true, dryRun: true, summary: { inserted: 1 } });
    expect(await count("users")).toBe(before);
  });
});

describe("importing leads", () => {
  const leadsCsv =
    "organisation_code,full_name,email\nR0A,Lead Example,LEAD@nhs.net\nr0a,Second Lead,second@mft.nhs.uk\n";

  it("upserts by organisation and email", async () => {
    expect(await importCsv("leads", leadsCsv, actor)).toMatchObject({
      ok: true,
      summary: { inserted: 2, unchanged: 0 },
    });
    expect(await importCsv("leads", leadsCsv, actor)).toMatchObject({
      ok: true,
      summary: { inserted: 0, updated: 0, unchanged: 2 },
    });
    const renamed = leadsCsv.replace("Lead Example", "Lead Renamed");
    expect(await importCsv("leads", renamed, actor)).toMatchObject({
      ok: true,
      summary: { updated: 1, unchanged: 1 },
    });
    const rows = await getDb()
      .select({ email: subscriberLeads.email })
      .from(subscriberLeads)
      .orderBy(subscriberLeads.email);
    expect(rows.map((row) => row.email)).toEqual(["lead@nhs.net", "second@mft.nhs.uk"]);
  });

  it("refuses an unknown organisation code", async () => {
    const before = await count("subscriber_leads");
    const outcome = await importCsv(
      "leads",
      "organisation_code,full_name,email\nNOPE,A,a@nhs.net\n",
      actor,
    );
    expect(outcome).toMatchObject({
      ok: false,
      problems: [{ line: 2, column: "organisation_code" }],
    });
    expect(await count("subscriber_leads")).toBe(before);
  });
});

describe("a large users file", () => {
  it("imports 50,000 users in one go, and again with no change", async () => {
    const lines = ["email,full_name,organisation_code,role,access_level,last_sign_in_at"];
    for (let i = 0; i < 50_000; i += 1) {
      lines.push(
        `bulk.${i}@nhs.net,Bulk Person ${i},R0A,Staff Nurse,subscriber,2026-01-01`,
      );
    }
    const text = lines.join("\n");
    const started = Date.now();
    const first = await importCsv("users", text, actor);
    const firstMs = Date.now() - started;
    expect(first).toMatchObject({ ok: true, summary: { inserted: 50_000 } });
    const second = await importCsv("users", text, actor);
    expect(second).toMatchObject({ ok: true, summary: { unchanged: 50_000 } });
    console.info(`50,000 users imported in ${firstMs} ms`);
  }, 120_000);
});
