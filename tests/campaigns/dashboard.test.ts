import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sendInvitations } from "@/lib/campaigns/invitations";
import { openCampaign } from "@/lib/campaigns/open";
import { organisationTable, organisationTableInput } from "@/lib/campaigns/organisations";
import { campaignTotals, listCampaigns, responsesByDay } from "@/lib/campaigns/queries";
import { emailOutbox, reviewItems } from "@/lib/db/schema";
import { outboxIdle } from "@/lib/mail/worker";
import { getDb, withTestDatabase } from "../support/db";
import { makeCampaign } from "../support/factories";
import { admin, makeSubscriber } from "./helpers";

withTestDatabase();

describe("campaign dashboard queries", () => {
  it("counts users, responses and invitation states per organisation", async () => {
    const big = await makeSubscriber(4, 2);
    const small = await makeSubscriber(1, 1);
    const campaign = await makeCampaign();
    await openCampaign(campaign.id, admin);
    await sendInvitations(campaign.id, admin);
    await outboxIdle();
    await getDb()
      .update(reviewItems)
      .set({ response: "left", respondedAt: new Date() })
      .where(eq(reviewItems.userId, big.users[0].id));
    await getDb()
      .update(emailOutbox)
      .set({ deliveryStatus: "bounced" })
      .where(eq(emailOutbox.leadId, small.leads[0].id));

    const query = organisationTableInput.parse({ sort: "size", dir: "desc" });
    const table = await organisationTable(campaign.id, query);
    const totals = await campaignTotals(campaign.id);

    expect(table.total).toBe(2);
    expect(table.rows[0]).toMatchObject({
      organisationId: big.organisation.id,
      leads: 2,
      users: 4,
      responded: 1,
      left: 1,
      worksHere: 0,
    });
    expect(table.rows[0].lastActivity).toBeInstanceOf(Date);
    expect(table.rows[1]).toMatchObject({ bounced: 1, users: 1, responded: 0 });
    expect(totals).toMatchObject({ organisations: 2, users: 5, responded: 1, left: 1 });
    expect(totals.invited).toBe(3);
    expect(totals.bounced).toBe(1);

    const problems = await organisationTable(
      campaign.id,
      organisationTableInput.parse({ show: "problems" }),
    );
    expect(problems.rows.map((row) => row.organisationId)).toEqual([
      small.organisation.id,
    ]);
    expect(await responsesByDay(campaign.id)).toHaveLength(1);
    expect((await listCampaigns()).find((row) => row.id === campaign.id)).toMatchObject({
      users: 5,
      responded: 1,
    });
  });
});
