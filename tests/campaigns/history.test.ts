import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { History } from "@/app/admin/campaigns/[id]/organisations/[orgId]/history-table";
import {
  auditActionLabel,
  auditChannelLabel,
  describeAuditData,
} from "@/lib/audit/labels";
import { organisationHistory } from "@/lib/campaigns/detail";
import { formatLondon } from "@/lib/deadline";
import { resolveReviewToken } from "@/lib/review/access";
import { saveItem, saveReviewItem } from "@/lib/review/save";
import { makeOpenCampaign, seedOrganisation } from "../review/helpers";
import { withTestDatabase } from "../support/db";
import { makeOrganisation } from "../support/factories";

withTestDatabase();

/** The history table's cells: through what, what, details. */
async function historyCells(campaignId: number, organisationId: number) {
  const rows = await organisationHistory(campaignId, organisationId);
  return rows
    .reverse()
    .map((row) => [
      auditChannelLabel(row.actorType, row.actorId),
      auditActionLabel(row.action),
      describeAuditData(row.action, row.data),
    ]);
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#x27;": "'",
};

/** The body cells of the rendered history table, row by row, as text. */
async function renderedHistory(campaignId: number, organisationId: number) {
  const rows = await organisationHistory(campaignId, organisationId);
  const html = renderToStaticMarkup(createElement(History, { rows }));
  const body = html.slice(html.indexOf("<tbody>"));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) =>
      cell[1].replace(/<[^>]+>/g, "").replace(/&[#\w]+;/g, (e) => ENTITIES[e] ?? e),
    ),
  );
}

describe("an organisation's history, in words", () => {
  it("shows when (London time) and who: the responder's name, or the admin", async () => {
    const campaign = await makeOpenCampaign();
    const { organisation, token, items } = await seedOrganisation(campaign.id, [
      { fullName: "Jane Smith" },
    ]);
    const scope = await resolveReviewToken(token);
    if (!scope) throw new Error("the link should resolve");
    const { item, user } = items[0];
    const before = new Date();

    await saveReviewItem(
      scope,
      { itemId: item.id, version: 0, userVersion: user.version, response: "left" },
      "Sam Lee",
    );
    await saveItem(
      { campaignId: campaign.id, organisationId: organisation.id },
      { type: "admin", id: "admin@example.org", name: "admin@example.org" },
      { itemId: item.id, version: 1, userVersion: user.version, response: "unknown" },
    );
    const after = new Date();

    const cells = await renderedHistory(campaign.id, organisation.id);
    // Newest first: the admin's answer, then the lead's.
    expect(cells.map((row) => [row[1], row[3]])).toEqual([
      ["admin@example.org", "Answered"],
      ["Sam Lee", "Answered"],
    ]);
    // London wall-clock time, whatever the server's zone (tests run in New York).
    const times = new Set([formatLondon(before), formatLondon(after)]);
    for (const row of cells) expect(times).toContain(row[0]);
    expect(cells[0][0]).toMatch(/^\d{1,2} \w{3} \d{4}, \d\d:\d\d$/);
  });

  it("says who answered what, through which link, and what they corrected", async () => {
    const campaign = await makeOpenCampaign();
    const { organisation, token, link, items } = await seedOrganisation(campaign.id, [
      { fullName: "Jane Smith" },
    ]);
    const elsewhere = await makeOrganisation({ name: "Elsewhere NHS Trust" });
    const scope = await resolveReviewToken(token);
    if (!scope) throw new Error("the link should resolve");
    const { item, user } = items[0];

    await saveReviewItem(
      scope,
      { itemId: item.id, version: 0, userVersion: user.version, response: "left" },
      "Sam Lee",
    );
    await saveItem(
      { campaignId: campaign.id, organisationId: organisation.id },
      { type: "admin", id: "admin@example.org", name: "admin@example.org" },
      {
        itemId: item.id,
        version: 1,
        userVersion: user.version,
        response: "works_here",
        organisationId: elsewhere.id,
      },
    );

    expect(await historyCells(campaign.id, organisation.id)).toEqual([
      [
        `review link ${link.id}`,
        "Answered",
        "Jane Smith: no answer → No longer works here",
      ],
      [
        "admin area",
        "Answered",
        "Jane Smith: No longer works here → Works here; employer now Elsewhere NHS Trust",
      ],
      [
        "admin area",
        "Corrected employer or role",
        "Jane Smith: employer or role corrected",
      ],
    ]);
  });

  it("names reminder steps and keeps unknown actions readable", () => {
    expect(describeAuditData("reminder.queued", { step: "d7", remaining: 3 })).toBe(
      "7 days before the deadline; 3 people still to answer",
    );
    expect(describeAuditData("reminder.queued", { step: "d0", remaining: 1 })).toBe(
      "on the deadline day; 1 person still to answer",
    );
    expect(
      describeAuditData("reminder.queued", { step: "now-2026-12-03", remaining: 2 }),
    ).toBe("sent now by an admin; 2 people still to answer");
    expect(auditActionLabel("something.new")).toBe("something.new");
    expect(describeAuditData("something.new", { a: 1, nested: { b: 2 } })).toBe("a: 1");
    expect(auditChannelLabel("cron", "reminders")).toBe("scheduled job");
  });
});
