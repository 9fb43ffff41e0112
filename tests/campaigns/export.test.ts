import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { adminActor } from "@/lib/access/actor";
import { runAccess } from "@/lib/access/run";
import { recordAudits } from "@/lib/audit/record";
import { openCampaign } from "@/lib/campaigns/open";
import { type CsvCell, csvStream, keysetPages, neutraliseCell } from "@/lib/csv/export";
import { reviewItems } from "@/lib/db/schema";
import { getDb, withTestDatabase } from "../support/db";
import { makeCampaign, makeLead, makeOrganisation, makeUser } from "../support/factories";
import { admin } from "./helpers";

const session = vi.hoisted(() => ({
  current: null as null | { user: { email: string } },
}));
vi.mock("@/lib/auth/config", () => ({ auth: async () => session.current }));

const { GET: exportItems } = await import(
  "@/app/admin/campaigns/[id]/export/items/route"
);
const { GET: exportAudit } = await import(
  "@/app/admin/campaigns/[id]/export/audit/route"
);

withTestDatabase();

beforeEach(() => {
  session.current = null;
});

/** The rows as pages of two, as an export query would yield them. */
async function* pagesOf<T>(rows: T[]) {
  for (let i = 0; i < rows.length; i += 2) yield rows.slice(i, i + 2);
}

async function bytesOf(body: ReadableStream<Uint8Array> | Response) {
  const response = body instanceof Response ? body : new Response(body);
  return new Uint8Array(await response.arrayBuffer());
}

const BOM = [0xef, 0xbb, 0xbf];

/** The table in a CSV export, which must open with a UTF-8 byte-order mark. */
function parseCsv(bytes: Uint8Array): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual(BOM);
  return parse(new TextDecoder().decode(bytes.subarray(3)));
}

describe("csvStream", () => {
  it("starts with a UTF-8 BOM and neutralises every formula-like text cell", async () => {
    const risky = ["=SUM(A1:A2)", "+44 161", "-cmd", "@here", "\tindent", "\rreturn"];
    const stream = csvStream(
      ["Name", "Value", "Count"],
      pagesOf<CsvCell[]>([
        ["Siân Évans", "plain, with comma", -5],
        ...risky.map((text) => [text, null, 0]),
        ['quote "inside"', new Date("2026-12-03T10:00:00Z"), true],
      ]),
    );

    const bytes = await bytesOf(stream);
    const table = parseCsv(bytes);

    expect(table[0]).toEqual(["Name", "Value", "Count"]);
    expect(table[1]).toEqual(["Siân Évans", "plain, with comma", "-5"]);
    expect(table.slice(2, 8).map((row) => row[0])).toEqual(
      risky.map((text) => `'${text}`),
    );
    expect(table[8]).toEqual(['quote "inside"', "2026-12-03T10:00:00.000Z", "true"]);
    expect(neutraliseCell("safe")).toBe("safe");
  });

  it("fetches a page only when the reader asks for more", async () => {
    let pagesFetched = 0;
    const pages = () =>
      keysetPages<number[], number>(
        async (after) => {
          const start = (after ?? 0) + 1;
          if (start > 12_000) return [];
          pagesFetched++;
          return Array.from({ length: 1_000 }, (_, i) => [start + i]);
        },
        (row) => row[0],
      );

    const reader = csvStream(["n"], pages()).getReader();
    await reader.read(); // BOM and header
    await reader.read(); // the first page
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pagesFetched).toBeLessThanOrEqual(2);
    await reader.cancel();

    pagesFetched = 0;
    const table = parseCsv(await bytesOf(csvStream(["n"], pages())));
    expect(table).toHaveLength(12_001);
    expect(table.at(-1)).toEqual(["12000"]);
    expect(pagesFetched).toBe(12);
  });
});

// First of the route tests: an access run looks at every campaign, and the
// later tests leave campaigns whose every user has left (the run's brake).
describe("the items export after an access run", () => {
  it("the items export names the access change a real access run applied", async () => {
    const organisation = await makeOrganisation({ name: "Access Trust" });
    const leaver = await makeUser({
      organisationId: organisation.id,
      fullName: "Leaving",
    });
    for (let i = 0; i < 9; i++) await makeUser({ organisationId: organisation.id });
    await makeLead(organisation.id);
    const campaign = await makeCampaign();
    await openCampaign(campaign.id, admin);
    await getDb()
      .update(reviewItems)
      .set({ response: "left", responderName: "Lead", respondedAt: new Date() })
      .where(eq(reviewItems.userId, leaver.id));
    // Past the grace period, the leaver's nhs.net address is downgraded.
    const report = await runAccess({
      actor: adminActor("admin@example.org"),
      now: new Date(Date.now() + 72 * 3_600_000),
    });
    expect(report.counts.downgraded).toBeGreaterThanOrEqual(1);
    session.current = { user: { email: "admin@example.org" } };

    const response = await exportItems(new Request("http://localhost/x"), {
      params: Promise.resolve({ id: String(campaign.id) }),
    });

    const table = parseCsv(await bytesOf(response));
    const column = table[0].indexOf("Access change applied");
    const row = table.find((cells) => cells[2] === leaver.email);
    expect(row?.[column]).toMatch(
      /^subscriber to non_subscriber \(response_left, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)$/,
    );
    const others = table.filter((cells) => cells[3] === "Access Trust" && cells !== row);
    expect(others).toHaveLength(9);
    expect(others.every((cells) => cells[column] === "")).toBe(true);
  });
});

describe("campaign export routes", () => {
  async function campaignWithSian() {
    const organisation = await makeOrganisation({ name: "=Risky Trust" });
    const user = await makeUser({
      organisationId: organisation.id,
      fullName: "Siân Jones",
    });
    await makeLead(organisation.id);
    const campaign = await makeCampaign();
    await openCampaign(campaign.id, admin);
    await getDb()
      .update(reviewItems)
      .set({ response: "left", responderName: "@Gwen", respondedAt: new Date() })
      .where(eq(reviewItems.userId, user.id));
    return { campaign, user };
  }

  const params = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });

  it("refuses an export without an admin session", async () => {
    const { campaign } = await campaignWithSian();
    const response = await exportItems(
      new Request("http://localhost/x"),
      params(campaign.id),
    );
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain("Siân");
  });

  it("exports the items and the audit log for an admin", async () => {
    const { campaign, user } = await campaignWithSian();
    session.current = { user: { email: "admin@example.org" } };

    const response = await exportItems(
      new Request("http://localhost/x"),
      params(campaign.id),
    );
    const audit = await exportAudit(
      new Request("http://localhost/x"),
      params(campaign.id),
    );

    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const table = parseCsv(await bytesOf(response));
    const row = table.find((cells) => cells[2] === user.email);
    expect(row?.slice(1, 6)).toEqual([
      "Siân Jones",
      user.email,
      "'=Risky Trust",
      "'=Risky Trust",
      "",
    ]);
    expect(row?.[8]).toBe("left");
    expect(row?.[9]).toBe("'@Gwen");
    const log = parseCsv(await bytesOf(audit));
    expect(log.map((cells) => cells[5])).toContain("campaign.opened");
  });

  it("the audit log opens with a BOM and every formula-like text cell is neutralised", async () => {
    const { campaign, user } = await campaignWithSian();
    session.current = { user: { email: "admin@example.org" } };
    const risky = [
      "=HYPERLINK(1)",
      "+44 161",
      "-2+3",
      "@SUM(A1)",
      "\tTabbed",
      "\rReturn",
    ];
    await getDb().transaction((tx) =>
      recordAudits(
        tx,
        risky.map((name) => ({
          actorType: "lead",
          actorId: "1",
          actorName: name,
          action: "review.respond",
          entityType: "review_item",
          entityId: 1,
          campaignId: campaign.id,
          organisationId: user.organisationId,
          data: { userName: name },
        })),
      ),
    );

    const response = await exportAudit(
      new Request("http://localhost/x"),
      params(campaign.id),
    );
    const bytes = await bytesOf(response);

    expect([...bytes.subarray(0, 3)]).toEqual(BOM);
    const log = parseCsv(bytes);
    const names = log.filter((cells) => cells[5] === "review.respond").map((c) => c[4]);
    expect(names).toEqual(risky.map((name) => `'${name}`));
    // The organisation column, "=Risky Trust", too.
    expect(log.filter((cells) => cells[8] === "'=Risky Trust")).toHaveLength(6);
    expect(log.some((cells) => cells[8] === "=Risky Trust")).toBe(false);
  });

  it("answers 404 for a campaign that does not exist", async () => {
    session.current = { user: { email: "admin@example.org" } };
    const response = await exportItems(
      new Request("http://localhost/x"),
      params(999_999),
    );
    expect(response.status).toBe(404);
  });
});
