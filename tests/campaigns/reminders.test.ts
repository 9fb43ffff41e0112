import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/cron/reminders/route";
import { sendInvitations } from "@/lib/campaigns/invitations";
import { openCampaign } from "@/lib/campaigns/open";
import { dueStep, sendDueReminders, sendRemindersNow } from "@/lib/campaigns/reminders";
import { campaigns, reviewItems } from "@/lib/db/schema";
import { deadlineFromDate, londonToday } from "@/lib/deadline";
import { outboxIdle } from "@/lib/mail/worker";
import { getDb, withTestDatabase } from "../support/db";
import { makeCampaign } from "../support/factories";
import { admin, makeSubscriber, outboxFor } from "./helpers";

withTestDatabase();

const DAY = 86_400_000;

/** A campaign whose deadline is `days` London days away, opened and invited two days ago. */
async function campaignDueIn(days: number) {
  const date = londonToday(new Date(Date.now() + days * DAY));
  const campaign = await makeCampaign({
    deadlineDate: date,
    deadlineAt: deadlineFromDate(date),
  });
  await openCampaign(campaign.id, admin);
  await sendInvitations(campaign.id, admin);
  await outboxIdle();
  await getDb().execute(
    sql`update email_outbox set created_at = now() - interval '2 days'
        where campaign_id = ${campaign.id}`,
  );
  return campaign;
}

async function reminders(campaignId: number) {
  return (await outboxFor(campaignId)).filter((row) => row.kind === "reminder");
}

describe("dueStep", () => {
  it("picks the latest step reached, and nothing before the first or after the deadline", () => {
    expect(dueStep([14, 7, 3, 1, 0], 20)).toBeNull();
    expect(dueStep([14, 7, 3, 1, 0], 14)).toBe("d14");
    expect(dueStep([14, 7, 3, 1, 0], 5)).toBe("d7");
    expect(dueStep([14, 7, 3, 1, 0], 0)).toBe("d0");
    expect(dueStep([14, 7, 3, 1, 0], -1)).toBeNull();
  });
});

describe("scheduled reminders", () => {
  it("chase only unfinished organisations, saying how many are waiting, once per step", async () => {
    process.env.CRON_SECRET = "reminders-cron-secret";
    const finished = await makeSubscriber(2, 1);
    const unfinished = await makeSubscriber(3, 1);
    const campaign = await campaignDueIn(7);
    await getDb()
      .update(reviewItems)
      .set({ response: "works_here", respondedAt: new Date() })
      .where(eq(reviewItems.organisationId, finished.organisation.id));
    await getDb()
      .update(reviewItems)
      .set({ response: "left", respondedAt: new Date() })
      .where(eq(reviewItems.userId, unfinished.users[0].id));

    const refused = await GET(new Request("http://localhost/api/cron/reminders"));
    const response = await GET(
      new Request("http://localhost/api/cron/reminders", {
        headers: { authorization: "Bearer reminders-cron-secret" },
      }),
    );
    await sendDueReminders();
    await outboxIdle();

    expect(refused.status).toBe(401);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.campaigns).toContainEqual({
      campaignId: campaign.id,
      step: "d7",
      queued: 1,
    });
    const sent = await reminders(campaign.id);
    expect(sent).toHaveLength(1);
    expect(sent[0].leadId).toBe(unfinished.leads[0].id);
    expect(sent[0].idempotencyKey).toBe(
      `reminder:${campaign.id}:${unfinished.leads[0].id}:d7`,
    );
    expect(sent[0].text).toMatch(/2 of 3 people/);
  });

  it("skips leads invited within the last day and campaigns with no step due", async () => {
    await makeSubscriber(1, 1);
    const early = await campaignDueIn(20);
    const fresh = await campaignDueIn(3);
    await getDb().execute(
      sql`update email_outbox set created_at = now() where campaign_id = ${fresh.id}`,
    );

    await sendDueReminders();

    expect(await reminders(early.id)).toHaveLength(0);
    expect(await reminders(fresh.id)).toHaveLength(0);
  });

  it("sends one reminder now to a selection, once per lead per day", async () => {
    const chosen = await makeSubscriber(1, 1);
    const campaign = await campaignDueIn(20);

    const first = await sendRemindersNow(campaign.id, admin, [chosen.leads[0].id]);
    const second = await sendRemindersNow(campaign.id, admin, [chosen.leads[0].id]);

    expect(first).toEqual({ ok: true, data: { queued: 1 } });
    expect(second).toEqual({ ok: true, data: { queued: 0 } });
    expect((await reminders(campaign.id)).map((row) => row.leadId)).toEqual([
      chosen.leads[0].id,
    ]);
  });

  it("sends nothing for a closed campaign", async () => {
    const campaign = await campaignDueIn(1);
    await getDb()
      .update(campaigns)
      .set({ status: "closed" })
      .where(eq(campaigns.id, campaign.id));
    await sendDueReminders();
    expect(await reminders(campaign.id)).toHaveLength(0);
  });
});
