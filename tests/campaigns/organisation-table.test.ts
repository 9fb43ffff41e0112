import { and, eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { OrganisationFilters } from "@/app/admin/campaigns/[id]/organisation-table";
import { sendInvitations } from "@/lib/campaigns/invitations";
import { openCampaign } from "@/lib/campaigns/open";
import { organisationTable, organisationTableInput } from "@/lib/campaigns/organisations";
import { sendRemindersNow } from "@/lib/campaigns/reminders";
import { emailOutbox } from "@/lib/db/schema";
import { outboxIdle } from "@/lib/mail/worker";
import { getDb, withTestDatabase } from "../support/db";
import { makeCampaign } from "../support/factories";
import { admin, answer, makeLargeSubscriber } from "./helpers";

withTestDatabase();

/**
 * Four organisations that differ on every column the table sorts by:
 *
 * | org | users | answered | progress | last answer | leads with problems |
 * |-----|-------|----------|----------|-------------|---------------------|
 * | A   | 1     | 1        | 100%     | 1 day ago   | 1 (bounced)         |
 * | B   | 10    | 5        | 50%      | 10 days ago | 2 (complained, failed) |
 * | C   | 100   | 0        | 0%       | never       | 0                   |
 * | D   | 1000  | 100      | 10%      | 3 days ago  | 3 (a reminder bounced, complained, bounced) |
 */
let campaignId: number;
const ids: Record<"A" | "B" | "C" | "D", number> = { A: 0, B: 0, C: 0, D: 0 };

async function setMail(
  leadId: number,
  kind: string,
  values: Partial<typeof emailOutbox.$inferInsert>,
) {
  const updated = await getDb()
    .update(emailOutbox)
    .set(values)
    .where(
      and(
        eq(emailOutbox.campaignId, campaignId),
        eq(emailOutbox.leadId, leadId),
        eq(emailOutbox.kind, kind),
      ),
    )
    .returning({ id: emailOutbox.id });
  expect(updated).toHaveLength(1);
}

beforeAll(async () => {
  const a = await makeLargeSubscriber(1, 1, { name: "A Practice" });
  const b = await makeLargeSubscriber(10, 2, { name: "B Practice" });
  const c = await makeLargeSubscriber(100, 1, { name: "C Trust" });
  const d = await makeLargeSubscriber(1000, 3, { name: "D Trust" });
  ids.A = a.organisation.id;
  ids.B = b.organisation.id;
  ids.C = c.organisation.id;
  ids.D = d.organisation.id;
  const campaign = await makeCampaign();
  campaignId = campaign.id;
  await openCampaign(campaignId, admin);
  await sendInvitations(campaignId, admin);
  await outboxIdle();
  await answer(campaignId, ids.A, 1, 1);
  await answer(campaignId, ids.B, 5, 10);
  await answer(campaignId, ids.D, 100, 3);
  // D's first lead: the invitation went through, the reminder bounced.
  await sendRemindersNow(campaignId, admin, [d.leads[0].id]);
  await outboxIdle();

  await setMail(a.leads[0].id, "invitation", { deliveryStatus: "bounced" });
  await setMail(b.leads[0].id, "invitation", { deliveryStatus: "complained" });
  await setMail(b.leads[1].id, "invitation", {
    status: "failed",
    lastError: "The address was refused by Resend.",
  });
  await setMail(d.leads[0].id, "invitation", { deliveryStatus: "delivered" });
  await setMail(d.leads[0].id, "reminder", { deliveryStatus: "bounced" });
  await setMail(d.leads[1].id, "invitation", { deliveryStatus: "complained" });
  await setMail(d.leads[2].id, "invitation", { deliveryStatus: "bounced" });
}, 60_000);

/** The organisations the table shows for this query string, in order. */
async function order(params: Record<string, string>): Promise<string[]> {
  const table = await organisationTable(campaignId, organisationTableInput.parse(params));
  const names = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return table.rows.map((row) => names[row.organisationId]);
}

describe("the organisation table's sorts", () => {
  it("sorts by progress (share answered)", async () => {
    expect(await order({ sort: "progress" })).toEqual(["C", "D", "B", "A"]);
    expect(await order({ sort: "progress", dir: "desc" })).toEqual(["A", "B", "D", "C"]);
  });

  it("sorts by last activity, never-answered first going up and last going down", async () => {
    expect(await order({ sort: "activity" })).toEqual(["C", "B", "D", "A"]);
    expect(await order({ sort: "activity", dir: "desc" })).toEqual(["A", "D", "B", "C"]);
  });

  it("sorts by delivery problems: failed, bounced and complained leads, any kind of mail", async () => {
    expect(await order({ sort: "problems" })).toEqual(["C", "A", "B", "D"]);
    expect(await order({ sort: "problems", dir: "desc" })).toEqual(["D", "B", "A", "C"]);
  });

  it("sorts by size", async () => {
    expect(await order({ sort: "size" })).toEqual(["A", "B", "C", "D"]);
    expect(await order({ sort: "size", dir: "desc" })).toEqual(["D", "C", "B", "A"]);
  });

  it("sorts by name by default", async () => {
    expect(await order({})).toEqual(["A", "B", "C", "D"]);
  });
});

describe("the organisation table's filters", () => {
  it("filters by last activity", async () => {
    expect(await order({ activity: "none" })).toEqual(["C"]);
    expect(await order({ activity: "recent" })).toEqual(["A", "D"]);
    expect(await order({ activity: "quiet" })).toEqual(["B"]);
    expect(await order({ activity: "any" })).toEqual(["A", "B", "C", "D"]);
  });

  it("filters by size", async () => {
    expect(await order({ size: "1to9" })).toEqual(["A"]);
    expect(await order({ size: "10to99" })).toEqual(["B"]);
    expect(await order({ size: "100to999" })).toEqual(["C"]);
    expect(await order({ size: "1000plus" })).toEqual(["D"]);
  });

  it("filters by progress and by problems", async () => {
    expect(await order({ show: "not_started" })).toEqual(["C"]);
    expect(await order({ show: "in_progress" })).toEqual(["B", "D"]);
    expect(await order({ show: "complete" })).toEqual(["A"]);
    expect(await order({ show: "problems" })).toEqual(["A", "B", "D"]);
  });

  it("combines filters with a sort and a search", async () => {
    expect(await order({ activity: "recent", size: "1000plus" })).toEqual(["D"]);
    expect(await order({ activity: "recent", sort: "size", dir: "desc" })).toEqual([
      "D",
      "A",
    ]);
    expect(await order({ q: "trust", activity: "none" })).toEqual(["C"]);
  });

  it("reads a tampered query string as the defaults", async () => {
    const query = organisationTableInput.parse({
      activity: "yesterday",
      size: "huge",
      sort: "drop table",
      page: "-3",
    });
    expect(query).toMatchObject({ activity: "any", size: "any", sort: "name", page: 1 });
    expect(await order({ activity: "yesterday", size: "huge" })).toEqual([
      "A",
      "B",
      "C",
      "D",
    ]);
  });
});

describe("delivery problems on the organisation's row", () => {
  it("counts bounced and complained separately, with a reminder's bounce counted", async () => {
    const table = await organisationTable(campaignId, organisationTableInput.parse({}));
    const row = (key: keyof typeof ids) =>
      table.rows.find((r) => r.organisationId === ids[key]);
    expect(row("A")).toMatchObject({ failed: 0, bounced: 1, complained: 0 });
    expect(row("B")).toMatchObject({ failed: 1, bounced: 0, complained: 1 });
    expect(row("C")).toMatchObject({ failed: 0, bounced: 0, complained: 0 });
    expect(row("D")).toMatchObject({ failed: 0, bounced: 2, complained: 1 });
  });
});

describe("the filter form, which works without JavaScript", () => {
  it("is a GET form whose selects put activity and size in the URL, keeping the sort", () => {
    const query = organisationTableInput.parse({
      activity: "quiet",
      size: "100to999",
      sort: "progress",
      dir: "desc",
    });
    const html = renderToStaticMarkup(
      createElement(OrganisationFilters, { campaignId: 7, query }),
    );

    expect(html).toMatch(/<form [^>]*action="\/admin\/campaigns\/7" method="get">/);
    expect(html).toContain('<input type="hidden" name="sort" value="progress"/>');
    expect(html).toContain('<input type="hidden" name="dir" value="desc"/>');
    const select = (name: string) =>
      new RegExp(`<select id="${name}" name="${name}"[^>]*>(.*?)</select>`).exec(
        html,
      )?.[1] ?? "";
    const values = (name: string) =>
      [...select(name).matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
    expect(values("activity")).toEqual(["any", "none", "recent", "quiet"]);
    expect(values("size")).toEqual(["any", "1to9", "10to99", "100to999", "1000plus"]);
    expect(select("activity")).toMatch(/<option value="quiet" selected="">/);
    expect(select("size")).toMatch(/<option value="100to999" selected="">/);
  });
});
