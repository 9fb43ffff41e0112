import { eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { auditEvents, reviewItems } from "@/lib/db/schema";
import { bulkResponseAction } from "@/lib/review/actions";
import { getDb, withTestDatabase } from "../support/db";
import { makeCampaign } from "../support/factories";
import {
  auditCount,
  form,
  itemRow,
  makeOpenCampaign,
  respondAs,
  seedOrganisation,
} from "./helpers";

vi.mock("next/headers", async () => (await import("./helpers")).nextHeadersMock);

withTestDatabase();

beforeEach(() => respondAs("Sam Lee"));

const people = (n: number, prefix = "Person") =>
  Array.from({ length: n }, (_, i) => ({
    fullName: `${prefix} ${String(i).padStart(2, "0")}`,
  }));

async function responses(ids: number[]) {
  const rows = await getDb()
    .select({
      id: reviewItems.id,
      response: reviewItems.response,
      version: reviewItems.version,
    })
    .from(reviewItems)
    .where(inArray(reviewItems.id, ids));
  return new Map(rows.map((row) => [row.id, row]));
}

describe("bulkResponseAction", () => {
  it("first counts and asks to confirm, writing nothing", async () => {
    const campaign = await makeOpenCampaign();
    const own = await seedOrganisation(campaign.id, people(3));
    const ids = own.items.map((x) => x.item.id);
    const before = await auditCount();

    const result = await bulkResponseAction(
      null,
      form({ token: own.token, response: "left", itemIds: ids }),
    );

    expect(result).toMatchObject({
      ok: true,
      data: { stage: "confirm", count: 3, response: "left" },
    });
    expect([...(await responses(ids)).values()].every((r) => r.response === null)).toBe(
      true,
    );
    expect(await auditCount()).toBe(before);
  });

  it("answers only its own rows even when the set carries another organisation's ids", async () => {
    const campaign = await makeOpenCampaign();
    const own = await seedOrganisation(campaign.id, people(3));
    const other = await seedOrganisation(campaign.id, people(2, "Other"));
    const ownIds = own.items.map((x) => x.item.id);
    const foreignIds = other.items.map((x) => x.item.id);

    const result = await bulkResponseAction(
      null,
      form({
        token: own.token,
        response: "left",
        itemIds: [...ownIds, ...foreignIds],
        confirmed: "yes",
      }),
    );

    expect(result).toMatchObject({ ok: true, data: { stage: "done", count: 3 } });
    const after = await responses([...ownIds, ...foreignIds]);
    for (const id of ownIds)
      expect(after.get(id)).toMatchObject({ response: "left", version: 1 });
    for (const id of foreignIds)
      expect(after.get(id)).toMatchObject({ response: null, version: 0 });
    const events = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "review.bulk_respond"));
    expect(events.map((e) => Number(e.entityId)).sort()).toEqual([...ownIds].sort());
    expect(events[0]).toMatchObject({
      actorType: "lead",
      actorId: String(own.link.id),
      actorName: "Sam Lee",
      organisationId: own.organisation.id,
      data: { before: { response: null }, after: { response: "left" }, bulk: true },
    });
  });

  it("answers every row matching the filter across pages, and skips rows already so answered", async () => {
    const campaign = await makeOpenCampaign();
    const own = await seedOrganisation(campaign.id, [
      ...people(4, "Nurse"),
      ...people(2, "Doctor"),
    ]);
    const nurses = own.items
      .filter((x) => x.user.fullName.startsWith("Nurse"))
      .map((x) => x.item.id);
    const doctors = own.items
      .filter((x) => x.user.fullName.startsWith("Doctor"))
      .map((x) => x.item.id);
    await bulkResponseAction(
      null,
      form({
        token: own.token,
        response: "unknown",
        itemIds: [nurses[0]],
        confirmed: "yes",
      }),
    );

    const result = await bulkResponseAction(
      null,
      form({
        token: own.token,
        response: "unknown",
        target: "filter",
        q: "nurse",
        confirmed: "yes",
      }),
    );

    expect(result).toMatchObject({ ok: true, data: { count: 3 } });
    const after = await responses([...nurses, ...doctors]);
    for (const id of nurses) expect(after.get(id)?.response).toBe("unknown");
    expect(after.get(nurses[0])?.version).toBe(1);
    for (const id of doctors)
      expect(after.get(id)).toMatchObject({ response: null, version: 0 });
  });

  it("refuses after the deadline, changing nothing", async () => {
    const campaign = await makeCampaign({ status: "open" }, -1);
    const own = await seedOrganisation(campaign.id, people(2));
    const ids = own.items.map((x) => x.item.id);

    const result = await bulkResponseAction(
      null,
      form({ token: own.token, response: "left", itemIds: ids, confirmed: "yes" }),
    );

    expect(result).toMatchObject({
      ok: false,
      error: expect.stringContaining("deadline"),
    });
    for (const id of ids)
      expect(await itemRow(id)).toMatchObject({ response: null, version: 0 });
  });

  it("refuses without a responder name or without any ticked row", async () => {
    const campaign = await makeOpenCampaign();
    const own = await seedOrganisation(campaign.id, people(1));
    const id = own.items[0].item.id;

    respondAs(null);
    expect(
      await bulkResponseAction(
        null,
        form({ token: own.token, response: "left", itemIds: [id], confirmed: "yes" }),
      ),
    ).toMatchObject({ ok: false });
    respondAs("Sam Lee");
    expect(
      await bulkResponseAction(
        null,
        form({ token: own.token, response: "left", confirmed: "yes" }),
      ),
    ).toMatchObject({ ok: false, error: expect.stringContaining("tick") });
    expect(await itemRow(id)).toMatchObject({ response: null, version: 0 });
  });
});
