import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { DEMO_ADMIN_EMAIL } from "@/lib/config";
import { auditEvents, campaigns, reviewItems } from "@/lib/db/schema";
import {
  auditCount,
  form,
  itemRow,
  makeItem,
  makeOpenCampaign,
  seedOrganisation,
  userRow,
} from "../review/helpers";
import { getDb, withTestDatabase } from "../support/db";
import { makeOrganisation, makeRole, makeUser } from "../support/factories";

/** The session source: the real adminAction and getAdmin run on top of it. */
const session = vi.hoisted(() => ({
  current: null as null | { user: { email: string } },
}));
vi.mock("@/lib/auth/config", () => ({ auth: async () => session.current }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { adminSaveResponseAction, adminBulkResponseAction } = await import(
  "@/lib/campaigns/admin-review-actions"
);

withTestDatabase();

beforeEach(() => {
  session.current = { user: { email: DEMO_ADMIN_EMAIL } };
});

async function setup() {
  const campaign = await makeOpenCampaign();
  const org = await seedOrganisation(campaign.id, [
    { fullName: "Jane Smith" },
    { fullName: "Raj Patel" },
  ]);
  return { campaign, ...org };
}

type Scope = { campaignId: number; organisationId: number };

function save(
  scope: Scope,
  item: { id: number; version: number },
  user: { version: number },
  extra: Record<string, string | number> = {},
) {
  return adminSaveResponseAction(
    null,
    form({
      campaignId: scope.campaignId,
      scopeOrganisationId: scope.organisationId,
      itemId: item.id,
      version: item.version,
      userVersion: user.version,
      response: "left",
      ...extra,
    }),
  );
}

/** Asserts a refused save left the item, its user and the audit log as they were. */
async function expectUnchanged(
  item: { id: number },
  user: { id: number; organisationId: number | null; version: number },
  auditBefore: number,
) {
  expect(await itemRow(item.id)).toMatchObject({
    response: null,
    version: 0,
    responderName: null,
  });
  expect(await userRow(user.id)).toMatchObject({
    organisationId: user.organisationId,
    version: user.version,
  });
  expect(await auditCount()).toBe(auditBefore);
}

describe("adminSaveResponseAction", () => {
  it("saves an answer and a correction as the admin, audited in the same save", async () => {
    const { campaign, organisation, role, items } = await setup();
    const { item, user } = items[0];
    const elsewhere = await makeOrganisation({ name: "Leeds Teaching Hospitals" });
    const newRole = await makeRole("Pharmacist");
    const scope = { campaignId: campaign.id, organisationId: organisation.id };

    const result = await save(scope, item, user, {
      organisationId: organisation.id,
      organisationName: "leeds teaching hospitals",
      roleId: newRole.id,
    });

    expect(result).toMatchObject({
      ok: true,
      data: { response: "left", version: 1, responderName: DEMO_ADMIN_EMAIL },
    });
    expect(await itemRow(item.id)).toMatchObject({
      response: "left",
      version: 1,
      responderName: DEMO_ADMIN_EMAIL,
      respondedLinkId: null,
      shownOrganisationId: organisation.id,
      shownRoleId: role.id,
    });
    expect(await userRow(user.id)).toMatchObject({
      organisationId: elsewhere.id,
      roleId: newRole.id,
      version: user.version + 1,
    });
    const events = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.campaignId, campaign.id));
    expect(events).toHaveLength(2);
    for (const event of events)
      expect(event).toMatchObject({
        actorType: "admin",
        actorId: DEMO_ADMIN_EMAIL,
        organisationId: organisation.id,
      });
    expect(events.find((e) => e.action === "review.respond")?.data).toMatchObject({
      before: { response: null },
      after: { response: "left" },
    });
    expect(events.find((e) => e.action === "user.profile_corrected")?.data).toMatchObject(
      {
        after: { organisationId: elsewhere.id, roleId: newRole.id },
      },
    );
  });

  it("refuses a stale version, showing the current answer and changing nothing", async () => {
    const { campaign, organisation, items } = await setup();
    const { item, user } = items[0];
    const scope = { campaignId: campaign.id, organisationId: organisation.id };
    await save(scope, item, user, { response: "unknown" });
    const before = await auditCount();

    const result = await save(scope, item, user, { response: "works_here" });

    expect(result).toMatchObject({
      ok: false,
      conflict: { response: "unknown", version: 1 },
      submitted: { response: "works_here" },
    });
    expect(await itemRow(item.id)).toMatchObject({ response: "unknown", version: 1 });
    expect(await auditCount()).toBe(before);
  });

  it("refuses an item of another organisation, and of another campaign", async () => {
    const { campaign, organisation } = await setup();
    const other = await seedOrganisation(campaign.id, [{ fullName: "Other Person" }]);
    // The same organisation's user, listed in another campaign.
    const otherCampaign = await makeOpenCampaign();
    const member = await makeUser({ organisationId: organisation.id });
    const elsewhere = {
      user: member,
      item: await makeItem(otherCampaign.id, organisation.id, member),
    };
    const before = await auditCount();
    const scope = { campaignId: campaign.id, organisationId: organisation.id };

    for (const target of [other.items[0], elsewhere]) {
      const result = await save(scope, target.item, target.user);
      expect(result).toMatchObject({
        ok: false,
        error: expect.stringMatching(/not on this organisation's list/),
      });
      await expectUnchanged(target.item, target.user, before);
    }
  });

  it("refuses without an admin session, or for an address not on the admin list", async () => {
    const { campaign, organisation, items } = await setup();
    const { item, user } = items[0];
    const scope = { campaignId: campaign.id, organisationId: organisation.id };
    const before = await auditCount();

    for (const current of [null, { user: { email: "someone@example.org" } }]) {
      session.current = current;
      const result = await save(scope, item, user);
      expect(result).toMatchObject({
        ok: false,
        error: expect.stringMatching(/sign in/),
      });
      await expectUnchanged(item, user, before);
    }
  });

  it("refuses once the campaign has closed, keeping what the admin chose", async () => {
    const { campaign, organisation, items } = await setup();
    const { item, user } = items[0];
    await getDb()
      .update(campaigns)
      .set({ status: "closed", closedAt: new Date() })
      .where(eq(campaigns.id, campaign.id));
    const before = await auditCount();

    const result = await save(
      { campaignId: campaign.id, organisationId: organisation.id },
      item,
      user,
      { response: "unknown" },
    );

    expect(result).toMatchObject({
      ok: false,
      error: expect.stringMatching(/closed/),
      submitted: { response: "unknown" },
    });
    await expectUnchanged(item, user, before);
  });
});

describe("adminBulkResponseAction", () => {
  it("counts the unanswered first, then answers only them, inside the organisation", async () => {
    const { campaign, organisation, items } = await setup();
    const scope = { campaignId: campaign.id, organisationId: organisation.id };
    await save(scope, items[0].item, items[0].user, { response: "works_here" });
    const other = await seedOrganisation(campaign.id, [{ fullName: "Other Person" }]);
    const values = {
      campaignId: campaign.id,
      scopeOrganisationId: organisation.id,
      response: "unknown",
    };
    const before = await auditCount();

    const asked = await adminBulkResponseAction(null, form(values));
    expect(asked).toMatchObject({ ok: true, data: { stage: "confirm", count: 1 } });
    expect(await auditCount()).toBe(before);

    const done = await adminBulkResponseAction(
      null,
      form({ ...values, confirmed: "yes" }),
    );

    expect(done).toMatchObject({ ok: true, data: { stage: "done", count: 1 } });
    expect(await itemRow(items[0].item.id)).toMatchObject({ response: "works_here" });
    expect(await itemRow(items[1].item.id)).toMatchObject({
      response: "unknown",
      responderName: DEMO_ADMIN_EMAIL,
      respondedLinkId: null,
    });
    expect(await itemRow(other.items[0].item.id)).toMatchObject({ response: null });
    const [event] = await getDb()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "review.bulk_respond"),
          eq(auditEvents.entityId, String(items[1].item.id)),
        ),
      );
    expect(event).toMatchObject({ actorType: "admin", actorId: DEMO_ADMIN_EMAIL });
  });

  it("refuses once the campaign has closed, answering no one", async () => {
    const { campaign, organisation } = await setup();
    await getDb()
      .update(campaigns)
      .set({ status: "closed" })
      .where(eq(campaigns.id, campaign.id));

    const result = await adminBulkResponseAction(
      null,
      form({
        campaignId: campaign.id,
        scopeOrganisationId: organisation.id,
        response: "left",
        confirmed: "yes",
      }),
    );

    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/closed/) });
    const rows = await getDb()
      .select({ response: reviewItems.response })
      .from(reviewItems)
      .where(eq(reviewItems.campaignId, campaign.id));
    expect(rows.every((row) => row.response === null)).toBe(true);
  });
});
