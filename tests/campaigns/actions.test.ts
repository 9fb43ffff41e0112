import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { campaigns, reviewItems } from "@/lib/db/schema";
import { getDb, withTestDatabase } from "../support/db";
import { makeCampaign } from "../support/factories";
import { makeSubscriber, outboxFor } from "./helpers";

/** The session source: the real adminAction and getAdmin run on top of it. */
const session = vi.hoisted(() => ({
  current: null as null | { user: { email: string } },
}));
vi.mock("@/lib/auth/config", () => ({ auth: async () => session.current }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { createCampaignAction, openCampaignAction, sendInvitationsAction } = await import(
  "@/lib/campaigns/actions"
);

withTestDatabase();

beforeEach(() => {
  session.current = null;
});

function form(values: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.append(key, value);
  return data;
}

describe("campaign actions", () => {
  it("refuses to open a campaign without an admin session, leaving it a draft", async () => {
    await makeSubscriber(2);
    const campaign = await makeCampaign();

    const result = await openCampaignAction(
      undefined,
      form({ campaignId: String(campaign.id) }),
    );

    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/sign in/i) });
    const [row] = await getDb()
      .select({ status: campaigns.status })
      .from(campaigns)
      .where(eq(campaigns.id, campaign.id));
    expect(row.status).toBe("draft");
    const items = await getDb()
      .select({ id: reviewItems.id })
      .from(reviewItems)
      .where(eq(reviewItems.campaignId, campaign.id));
    expect(items).toHaveLength(0);
  });

  it("refuses to send invitations for a signed-in address not on the admin list", async () => {
    const campaign = await makeCampaign({ status: "open" });
    session.current = { user: { email: "someone@example.org" } };

    const result = await sendInvitationsAction(undefined, { campaignId: campaign.id });

    expect(result.ok).toBe(false);
    expect(await outboxFor(campaign.id)).toHaveLength(0);
  });

  it("creates a campaign for an admin and refuses a deadline in the past", async () => {
    session.current = { user: { email: "admin@example.org" } };

    const past = await createCampaignAction(
      undefined,
      form({ name: "Past review", deadlineDate: "2020-01-31" }),
    );
    const created = await createCampaignAction(
      undefined,
      form({ name: "Spring review", deadlineDate: "2099-03-31" }),
    );

    expect(past).toMatchObject({
      ok: false,
      fieldErrors: { deadlineDate: [expect.any(String)] },
    });
    expect(created.ok).toBe(true);
    const rows = await getDb()
      .select({ name: campaigns.name, deadlineAt: campaigns.deadlineAt })
      .from(campaigns)
      .where(eq(campaigns.name, "Spring review"));
    expect(rows).toHaveLength(1);
    expect(rows[0].deadlineAt.toISOString()).toBe("2099-03-31T22:59:59.000Z");
    const pastRows = await getDb()
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(eq(campaigns.name, "Past review"));
    expect(pastRows).toHaveLength(0);
  });
});
