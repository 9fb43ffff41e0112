import { and, desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { auditEvents, campaigns, reviewLinks } from "@/lib/db/schema";
import { resolveReviewToken } from "@/lib/review/access";
import { saveResponseAction, setResponderAction } from "@/lib/review/actions";
import { applyBulkResponse } from "@/lib/review/bulk";
import { AnswersLocked } from "@/lib/review/hold-open";
import { saveItem, saveReviewItem } from "@/lib/review/save";
import { bulkResponseInput } from "@/lib/review/schemas";
import { getDb, withTestDatabase } from "../support/db";
import { makeCampaign, makeOrganisation, makeRole } from "../support/factories";
import {
  auditCount,
  cookieJar,
  form,
  itemRow,
  makeOpenCampaign,
  respondAs,
  seedOrganisation,
  userRow,
} from "./helpers";

vi.mock("next/headers", async () => (await import("./helpers")).nextHeadersMock);

withTestDatabase();

beforeEach(() => respondAs("Sam Lee"));

async function setup(daysAhead = 30) {
  const campaign =
    daysAhead > 0
      ? await makeOpenCampaign(daysAhead)
      : await makeCampaign({ status: "open" }, daysAhead);
  const org = await seedOrganisation(campaign.id, [
    { fullName: "Jane Smith" },
    { fullName: "Raj Patel" },
  ]);
  return { campaign, ...org };
}

function save(
  token: string,
  item: { id: number; version: number },
  user: { version: number },
  extra = {},
) {
  return saveResponseAction(
    null,
    form({
      token,
      itemId: item.id,
      version: item.version,
      userVersion: user.version,
      response: "works_here",
      ...extra,
    }),
  );
}

describe("saveResponseAction", () => {
  it("saves a response, bumps the version and audits it with the responder's name", async () => {
    const { token, link, items } = await setup();
    const { item, user } = items[0];

    const result = await save(token, item, user, { response: "left" });

    expect(result).toMatchObject({
      ok: true,
      data: { response: "left", version: 1, responderName: "Sam Lee" },
    });
    expect(await itemRow(item.id)).toMatchObject({
      response: "left",
      version: 1,
      responderName: "Sam Lee",
      respondedLinkId: link.id,
    });
    const [event] = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, String(item.id)));
    expect(event).toMatchObject({
      actorType: "lead",
      actorId: String(link.id),
      actorName: "Sam Lee",
      action: "review.respond",
      data: {
        before: { response: null },
        after: { response: "left" },
        userName: "Jane Smith",
      },
    });
  });

  it("corrects the user's employer and role in the same save, keeping what the lead was shown", async () => {
    const { token, organisation, role, items } = await setup();
    const { item, user } = items[0];
    const elsewhere = await makeOrganisation({ name: "Bradford District Care" });
    const newRole = await makeRole("Pharmacist");

    const result = await save(token, item, user, {
      organisationId: elsewhere.id,
      roleId: newRole.id,
    });

    expect(result.ok).toBe(true);
    expect(await userRow(user.id)).toMatchObject({
      organisationId: elsewhere.id,
      roleId: newRole.id,
      version: 2,
    });
    expect(await itemRow(item.id)).toMatchObject({
      shownOrganisationId: organisation.id,
      shownRoleId: role.id,
      version: 1,
    });
    const [event] = await getDb()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityType, "user"),
          eq(auditEvents.entityId, String(user.id)),
        ),
      );
    expect(event).toMatchObject({
      actorName: "Sam Lee",
      data: {
        before: { organisationId: organisation.id, roleId: role.id },
        after: { organisationId: elsewhere.id, roleId: newRole.id },
      },
    });
  });

  it("without JavaScript, finds the employer by its typed name", async () => {
    const { token, organisation, items } = await setup();
    const { item, user } = items[0];
    const elsewhere = await makeOrganisation({ name: "Airedale NHS Foundation Trust" });

    const result = await save(token, item, user, {
      organisationId: organisation.id,
      organisationName: "airedale nhs foundation trust",
    });

    expect(result.ok).toBe(true);
    expect((await userRow(user.id)).organisationId).toBe(elsewhere.id);
  });

  it("refuses an employer name it cannot find, changing nothing", async () => {
    const { token, organisation, items } = await setup();
    const { item, user } = items[0];
    const before = await auditCount();

    const result = await save(token, item, user, { organisationName: "No Such Trust" });

    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { organisationName: [expect.stringContaining("No Such Trust")] },
      submitted: { organisationName: "No Such Trust", response: "works_here" },
    });
    expect(await itemRow(item.id)).toMatchObject({ response: null, version: 0 });
    expect((await userRow(user.id)).organisationId).toBe(organisation.id);
    expect(await auditCount()).toBe(before);
  });

  it("refuses a stale save, returning what the other person saved, and overwrites nothing", async () => {
    const { token, items } = await setup();
    const { item, user } = items[0];
    respondAs("First Person");
    await save(token, item, user, { response: "unknown" });

    respondAs("Second Person");
    const result = await save(token, item, user, { response: "left" });

    expect(result).toMatchObject({
      ok: false,
      conflict: { response: "unknown", responderName: "First Person", version: 1 },
    });
    expect(await itemRow(item.id)).toMatchObject({
      response: "unknown",
      version: 1,
      responderName: "First Person",
    });
  });

  it("refuses a profile correction over a user changed since the page loaded", async () => {
    const { token, organisation, items } = await setup();
    const { item, user } = items[0];
    const elsewhere = await makeOrganisation();

    const result = await save(
      token,
      item,
      { version: user.version - 1 },
      { organisationId: elsewhere.id },
    );

    expect(result).toMatchObject({ ok: false, conflict: { itemId: item.id } });
    expect(await userRow(user.id)).toMatchObject({
      organisationId: organisation.id,
      version: user.version,
    });
    expect(await itemRow(item.id)).toMatchObject({ response: null, version: 0 });
  });

  it("refuses a token of organisation A saving a user of organisation B", async () => {
    const { campaign, token } = await setup();
    const other = await seedOrganisation(campaign.id, [{ fullName: "Outsider" }]);
    const { item, user } = other.items[0];
    const before = await auditCount();

    const result = await save(token, item, user, { response: "left" });

    expect(result.ok).toBe(false);
    expect(await itemRow(item.id)).toMatchObject({ response: null, version: 0 });
    expect(await auditCount()).toBe(before);
  });

  it("refuses a revoked token, changing nothing", async () => {
    const { token, link, items } = await setup();
    await getDb()
      .update(reviewLinks)
      .set({ revokedAt: new Date() })
      .where(eq(reviewLinks.id, link.id));

    const result = await save(token, items[0].item, items[0].user);

    expect(result).toMatchObject({
      ok: false,
      error: expect.stringContaining("not valid"),
    });
    expect(await itemRow(items[0].item.id)).toMatchObject({ response: null, version: 0 });
  });

  it("refuses after the deadline, changing nothing", async () => {
    const { token, items } = await setup(-1);

    const result = await save(token, items[0].item, items[0].user);

    expect(result).toMatchObject({
      ok: false,
      error: expect.stringContaining("deadline"),
    });
    expect(await itemRow(items[0].item.id)).toMatchObject({ response: null, version: 0 });
  });

  it("refuses once the campaign is closed, changing nothing", async () => {
    const { token, campaign, items } = await setup();
    await getDb()
      .update(campaigns)
      .set({ status: "closed" })
      .where(eq(campaigns.id, campaign.id));

    const result = await save(token, items[0].item, items[0].user);

    expect(result).toMatchObject({ ok: false, error: expect.stringContaining("closed") });
    expect(await itemRow(items[0].item.id)).toMatchObject({ response: null, version: 0 });
  });

  it("asks who is responding before the first save", async () => {
    const { token, items } = await setup();
    respondAs(null);

    const result = await save(token, items[0].item, items[0].user);

    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { responderName: expect.any(Array) },
    });
    expect(await itemRow(items[0].item.id)).toMatchObject({ response: null, version: 0 });
  });

  it("answers bad input with field messages, changing nothing", async () => {
    const { token, items } = await setup();

    const result = await save(token, items[0].item, items[0].user, {
      response: "maybe",
      itemId: "abc",
    });

    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { response: expect.any(Array), itemId: expect.any(Array) },
    });
    expect(await itemRow(items[0].item.id)).toMatchObject({ response: null, version: 0 });
  });

  it("saves the same version once: a double submit is refused as stale", async () => {
    const { token, items } = await setup();
    const { item, user } = items[0];

    const [a, b] = await Promise.all([save(token, item, user), save(token, item, user)]);

    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect(await itemRow(item.id)).toMatchObject({ version: 1 });
    const events = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, String(item.id)))
      .orderBy(desc(auditEvents.id));
    expect(events).toHaveLength(1);
  });
});

describe("setResponderAction", () => {
  it("keeps the name in an httpOnly cookie scoped to the link's path", async () => {
    const { token } = await setup();
    respondAs(null);

    const result = await setResponderAction(null, form({ token, name: "  Priya Shah " }));

    expect(result).toMatchObject({ ok: true, data: { name: "Priya Shah" } });
    expect(cookieJar.get("review_responder")).toEqual({
      value: "Priya Shah",
      path: `/review/${token}`,
    });
  });

  it("refuses a blank name and an invalid token", async () => {
    const { token } = await setup();
    respondAs(null);

    expect(await setResponderAction(null, form({ token, name: " " }))).toMatchObject({
      ok: false,
      fieldErrors: { name: expect.any(Array) },
    });
    expect(
      await setResponderAction(null, form({ token: "x".repeat(43), name: "Priya" })),
    ).toMatchObject({ ok: false });
    expect(cookieJar.size).toBe(0);
  });
});

describe("a save that reaches the database after answers stopped", () => {
  /** The link as the guard saw it, while the campaign was still open. */
  async function resolvedWhileOpen() {
    const setUp = await setup();
    const scope = await resolveReviewToken(setUp.token);
    if (!scope) throw new Error("the link should resolve");
    expect(scope.mode).toBe("live");
    return { ...setUp, scope };
  }

  function answer(item: { id: number; version: number }, user: { version: number }) {
    return {
      itemId: item.id,
      version: item.version,
      userVersion: user.version,
      response: "left" as const,
    };
  }

  it("is refused once the campaign has closed, and changes nothing", async () => {
    const { campaign, scope, items } = await resolvedWhileOpen();
    const { item, user } = items[0];
    await getDb()
      .update(campaigns)
      .set({ status: "closed" })
      .where(eq(campaigns.id, campaign.id));
    const before = await auditCount();

    const outcome = await saveReviewItem(scope, answer(item, user), "Sam Lee");

    expect(outcome).toEqual({
      status: "locked",
      message: "This review has closed, so answers can no longer be changed.",
    });
    expect(await itemRow(item.id)).toMatchObject({ response: null, version: 0 });
    expect(await auditCount()).toBe(before);
    await expect(
      applyBulkResponse(
        scope,
        bulkResponseInput.parse({
          token: "x".repeat(43),
          response: "left",
          itemIds: [item.id],
        }),
        "Sam Lee",
      ),
    ).rejects.toThrow(AnswersLocked);
  });

  it("is refused for a lead once the deadline has passed, but not for an admin", async () => {
    const { campaign, scope, items, organisation } = await resolvedWhileOpen();
    await getDb()
      .update(campaigns)
      .set({ deadlineAt: new Date(Date.now() - 60_000) })
      .where(eq(campaigns.id, campaign.id));

    const lead = await saveReviewItem(scope, answer(items[0].item, items[0].user), "Sam");
    expect(lead).toMatchObject({ status: "locked", message: /deadline .* has passed/ });

    const admin = await saveItem(
      { campaignId: campaign.id, organisationId: organisation.id },
      { type: "admin", id: "admin@example.org", name: "admin@example.org" },
      answer(items[1].item, items[1].user),
    );
    expect(admin.status).toBe("saved");
  });
});
