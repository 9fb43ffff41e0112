import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { auth } from "@/lib/auth/config";
import { importCsvAction } from "@/lib/csv/import-action";
import { MAX_UPLOAD_BYTES } from "@/lib/csv/import-schemas";
import { auditEvents, organisations, subscriberLeads } from "@/lib/db/schema";
import { getDb, withTestDatabase } from "../support/db";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn() }));

withTestDatabase();

const sessionIs = (email: string | null) =>
  vi
    .mocked(auth as unknown as () => Promise<unknown>)
    .mockResolvedValue(
      email
        ? { user: { email }, expires: new Date(Date.now() + 60_000).toISOString() }
        : null,
    );

function upload(kind: string, text: string, mode = "import", name = "orgs.csv") {
  const form = new FormData();
  form.set("kind", kind);
  form.set("file", new File([text], name, { type: "text/csv" }));
  form.set("mode", mode);
  return form;
}

const organisationsCsv = "code,name,subscriber\nACT1,ACTION TEST TRUST,yes\n";

async function organisationCount() {
  const [row] = await getDb()
    .select({ n: sql<number>`count(*)::int` })
    .from(organisations);
  return row.n;
}

beforeEach(() => {
  delete process.env.ADMIN_EMAILS;
});

describe("the admin import action", () => {
  it("refuses without an admin session and imports nothing", async () => {
    sessionIs(null);
    const result = await importCsvAction(
      undefined,
      upload("organisations", organisationsCsv),
    );
    expect(result).toEqual({
      ok: false,
      error: "Your session has ended. Please sign in again.",
      fieldErrors: undefined,
    });
    expect(await organisationCount()).toBe(0);
  });

  it("refuses a signed-in address that is not on the admin list", async () => {
    sessionIs("someone@nhs.net");
    const result = await importCsvAction(
      undefined,
      upload("organisations", organisationsCsv),
    );
    expect(result.ok).toBe(false);
    expect(await organisationCount()).toBe(0);
  });

  it("checks without saving, then imports with one audit event naming the admin", async () => {
    sessionIs("admin@example.org");
    const checked = await importCsvAction(
      undefined,
      upload("organisations", organisationsCsv, "check"),
    );
    expect(checked).toMatchObject({
      ok: true,
      data: { outcome: "checked", fileName: "orgs.csv", summary: { inserted: 1 } },
    });
    expect(await organisationCount()).toBe(0);

    const imported = await importCsvAction(
      undefined,
      upload("organisations", organisationsCsv),
    );
    expect(imported).toMatchObject({ ok: true, data: { outcome: "imported" } });
    const [row] = await getDb()
      .select({ name: organisations.name })
      .from(organisations)
      .where(eq(organisations.code, "ACT1"));
    expect(row.name).toBe("Action Test Trust");
    const audits = await getDb()
      .select({ actorId: auditEvents.actorId, entityType: auditEvents.entityType })
      .from(auditEvents)
      .where(eq(auditEvents.action, "csv.import"));
    expect(audits).toEqual([
      { actorId: "admin@example.org", entityType: "organisations" },
    ]);
  });

  it("returns bad rows with their line numbers", async () => {
    sessionIs("admin@example.org");
    const text =
      "organisation_code,full_name,email\nACT1,Lead,lead@nhs.net\n" +
      "NOPE,Other,other@nhs.net\nACT1,Third,third@\n";
    const result = await importCsvAction(undefined, upload("leads", text, "import"));
    expect(result).toMatchObject({
      ok: true,
      data: { outcome: "problems", problemCount: 2, rows: 3, kind: "leads" },
    });
    if (!result.ok || result.data.outcome !== "problems") return;
    expect(result.data.problems.map((p) => [p.line, p.column])).toEqual([
      [3, "organisation_code"],
      [4, "email"],
    ]);
    const leads = await getDb().select({ id: subscriberLeads.id }).from(subscriberLeads);
    expect(leads).toEqual([]);
  });

  it("refuses a missing file, an unknown kind and a file over the size limit", async () => {
    sessionIs("admin@example.org");
    const form = upload("people", "x");
    form.set("file", new File([], ""));
    const result = await importCsvAction(undefined, form);
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: {
        kind: ["Choose what the file holds."],
        file: ["Choose a CSV file."],
      },
    });

    const big = upload("organisations", "x".repeat(MAX_UPLOAD_BYTES + 1));
    const tooBig = await importCsvAction(undefined, big);
    expect(tooBig.ok).toBe(false);
    if (!tooBig.ok) expect(tooBig.fieldErrors?.file?.[0]).toContain("larger than 10 MB");
    expect(await organisationCount()).toBe(1);
  });
});
