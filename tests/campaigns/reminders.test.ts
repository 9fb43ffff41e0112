import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/cron/reminders/route";
import { createCampaign } from "@/lib/campaigns/create";
import { sendInvitations } from "@/lib/campaigns/invitations";
import { openCampaign } from "@/lib/campaigns/open";
import { dueStep, sendDueReminders, sendRemindersNow } from "@/lib/campaigns/reminders";
import { updateReminderDays } from "@/lib/campaigns/schedule";
import { reminderDaysInput } from "@/lib/campaigns/schemas";
import { auditEvents, campaigns, reviewItems } from "@/lib/db/schema";
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

describe("a campaign's reminder schedule", () => {
  it("starts as 14, 7, 3 and 1 days before the deadline and the day itself", async () => {
    const created = await createCampaign(
      {
        name: "Schedule default",
        deadlineDate: londonToday(new Date(Date.now() + 40 * DAY)),
      },
      admin,
    );
    if (!created.ok) throw new Error(created.error);
    const [row] = await getDb()
      .select({ reminderDays: campaigns.reminderDays })
      .from(campaigns)
      .where(eq(campaigns.id, created.data.campaignId));
    expect(row.reminderDays).toEqual([14, 7, 3, 1, 0]);
    for (const [daysLeft, step] of [
      [15, null],
      [14, "d14"],
      [10, "d14"],
      [7, "d7"],
      [3, "d3"],
      [2, "d3"],
      [1, "d1"],
      [0, "d0"],
    ] as const) {
      expect(dueStep(row.reminderDays, daysLeft)).toBe(step);
    }
  });

  it("an edited schedule is the one the reminder job follows, and is audited", async () => {
    const { leads } = await makeSubscriber(2, 1);
    const campaign = await campaignDueIn(10);
    // Ten days out, the default schedule's 14-day step has come.
    const before = await sendDueReminders();
    expect(before).toContainEqual(
      expect.objectContaining({ campaignId: campaign.id, step: "d14" }),
    );

    const edited = reminderDaysInput.parse({
      campaignId: String(campaign.id),
      reminderDays: " 5, 10 ,10, 1",
    });
    expect(edited.reminderDays).toEqual([10, 5, 1]);
    expect(await updateReminderDays(campaign.id, edited.reminderDays, admin)).toEqual({
      ok: true,
    });
    const after = await sendDueReminders();
    await outboxIdle();

    expect(after).toContainEqual(
      expect.objectContaining({ campaignId: campaign.id, step: "d10" }),
    );
    const mine = (await reminders(campaign.id)).filter((r) => r.leadId === leads[0].id);
    expect(mine.map((r) => r.idempotencyKey.split(":")[3]).sort()).toEqual([
      "d10",
      "d14",
    ]);
    const [audit] = await getDb()
      .select({ data: auditEvents.data })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.campaignId, campaign.id),
          eq(auditEvents.action, "campaign.reminder_days_changed"),
        ),
      );
    expect(audit.data).toEqual({ reminderDays: [10, 5, 1] });

    // A schedule whose first step is still ahead sends nothing today.
    await updateReminderDays(campaign.id, [5, 1], admin);
    expect(await sendDueReminders()).toContainEqual({
      campaignId: campaign.id,
      step: null,
      queued: 0,
    });
  });

  it("refuses a schedule that is not whole days, and any change once closed", async () => {
    const bad = reminderDaysInput.safeParse({ campaignId: "1", reminderDays: "7, soon" });
    expect(bad.success).toBe(false);
    const closed = await makeCampaign({ status: "closed", closedAt: new Date() });

    const result = await updateReminderDays(closed.id, [3], admin);

    expect(result.ok).toBe(false);
    const [row] = await getDb()
      .select({ reminderDays: campaigns.reminderDays })
      .from(campaigns)
      .where(eq(campaigns.id, closed.id));
    expect(row.reminderDays).toEqual([14, 7, 3, 1, 0]);
  });
});
