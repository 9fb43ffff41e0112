import { type SQL, sql } from "drizzle-orm";
import { type AuditEvent, recordAudits } from "@/lib/audit/record";
import { type Executor, getDb, rowsOf } from "@/lib/db/client";
import { daysUntilDeadline, londonToday } from "@/lib/deadline";
import { childLogger } from "@/lib/log";
import { queueEmail } from "@/lib/mail/outbox";
import type { RenderedEmail } from "@/lib/mail/templates";
import { kickOutbox } from "@/lib/mail/worker";
import { type ActionResult, fail } from "@/lib/result";
import { type Actor, auditActor } from "./actor";
import { INVITATION_CHUNK, lockCampaignSends } from "./invitations";
import {
  type CampaignForMail,
  type LeadForMail,
  reminderKey,
  renderReminder,
} from "./mail";
import { type CampaignSummary, loadCampaign } from "./queries";
import { linkTokenHash } from "./token";

type DueLead = LeadForMail & { remaining: number; tokenHash: string };
type Rendered = DueLead & { email: RenderedEmail };
/** Which leads: only some (an admin's selection), invited before a moment. */
type Who = { leadIds?: number[]; invitedBefore: Date };

/**
 * The reminder step due today: the latest scheduled day that has come, so a
 * missed run catches up once rather than never. Null after the deadline or
 * before the first step.
 */
export function dueStep(reminderDays: number[], daysLeft: number): string | null {
  if (daysLeft < 0) return null;
  const reached = reminderDays.filter((day) => day >= daysLeft);
  return reached.length === 0 ? null : `d${Math.min(...reached)}`;
}

/** For the cron job: every open campaign's due reminder step, sent once per lead. */
export async function sendDueReminders(now = new Date()) {
  const open = await getDb().execute(
    sql`select id from campaigns where status = 'open' order by id`,
  );
  const report: { campaignId: number; step: string | null; queued: number }[] = [];
  for (const { id } of rowsOf<{ id: number }>(open)) {
    const campaign = await loadCampaign(Number(id));
    if (!campaign) continue;
    const step = dueStep(
      campaign.reminderDays,
      daysUntilDeadline(campaign.deadlineDate, now),
    );
    // A lead invited within the last day is not chased yet.
    const invitedBefore = new Date(now.getTime() - 86_400_000);
    const queued = step
      ? await remindCampaign(
          campaign,
          step,
          { system: "cron:reminders" },
          { invitedBefore },
        )
      : 0;
    report.push({ campaignId: campaign.id, step, queued });
  }
  return report;
}

/** For the admin: a reminder now to the chosen leads, at most one per lead per day. */
export async function sendRemindersNow(
  campaignId: number,
  actor: Actor,
  leadIds: number[],
  now = new Date(),
): Promise<ActionResult<{ queued: number }>> {
  const campaign = await loadCampaign(campaignId);
  if (!campaign) return fail("That campaign no longer exists.");
  if (campaign.status !== "open")
    return fail("Reminders go out only while a campaign is open.");
  if (leadIds.length === 0) return fail("Choose at least one lead to remind.");
  const queued = await remindCampaign(campaign, `now-${londonToday(now)}`, actor, {
    leadIds,
    invitedBefore: now,
  });
  return { ok: true, data: { queued } };
}

/** Queues the step's reminder, chunk by chunk, to every lead still owing answers. */
async function remindCampaign(
  campaign: CampaignSummary,
  step: string,
  actor: Actor,
  who: Who,
): Promise<number> {
  const daysLeft = Math.max(0, daysUntilDeadline(campaign.deadlineDate));
  let queued = 0;
  let after = 0;
  for (;;) {
    const chunk = await dueLeads(campaign.id, step, after, who);
    if (chunk.length === 0) break;
    after = chunk[chunk.length - 1].linkId;
    const rendered = await Promise.all(
      chunk.filter(hasDerivedToken).map(async (lead) => ({
        ...lead,
        email: await renderReminder(campaign, lead, {
          remaining: lead.remaining,
          daysLeft,
        }),
      })),
    );
    queued += await queueReminders(campaign, step, rendered, actor);
    kickOutbox();
  }
  childLogger({ job: "reminders", campaignId: campaign.id }).info(
    { step, queued },
    "reminders",
  );
  return queued;
}

/** A link whose hash is not its derived token's cannot be put in a reminder. */
function hasDerivedToken(lead: DueLead): boolean {
  return lead.tokenHash === linkTokenHash(lead.linkId);
}

function idList(ids: number[]): SQL {
  return sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
}

function notReminded(campaignId: number, step: string): SQL {
  return sql`not exists (select 1 from email_outbox m
    where m.idempotency_key = 'reminder:' || ${campaignId}::text || ':'
                              || r.lead_id::text || ':' || ${step}::text)`;
}

/**
 * The next invited leads, in link order, whose organisation still has
 * unanswered users and who have not had this step's reminder.
 */
async function dueLeads(
  campaignId: number,
  step: string,
  afterLinkId: number,
  who: Who,
): Promise<DueLead[]> {
  const some = who.leadIds ? sql`and r.lead_id in (${idList(who.leadIds)})` : sql``;
  const result = await getDb().execute(sql`
    select r.id as "linkId", r.lead_id as "leadId", r.organisation_id as "organisationId",
           l.full_name as "leadName", l.email as "leadEmail", o.name as "organisationName",
           r.token_hash as "tokenHash", c.users as "userCount", c.remaining
    from review_links r
    join subscriber_leads l on l.id = r.lead_id
    join organisations o on o.id = r.organisation_id
    join lateral (
      select count(*)::int as users, (count(*) - count(i.response))::int as remaining
      from review_items i
      where i.campaign_id = r.campaign_id and i.organisation_id = r.organisation_id) c on true
    where r.campaign_id = ${campaignId} and r.revoked_at is null
      and r.id > ${afterLinkId} ${some} and c.remaining > 0
      and exists (select 1 from email_outbox m
                  where m.campaign_id = ${campaignId} and m.lead_id = r.lead_id
                    and m.kind = 'invitation' and m.created_at <= ${who.invitedBefore.toISOString()}::timestamptz)
      and ${notReminded(campaignId, step)}
    order by r.id
    limit ${INVITATION_CHUNK}`);
  return rowsOf<DueLead>(result).map((row) => ({
    ...row,
    linkId: Number(row.linkId),
    leadId: Number(row.leadId),
    organisationId: Number(row.organisationId),
  }));
}

/** Under the campaign's send lock, queues the reminders still not sent for this step. */
async function queueReminders(
  campaign: CampaignForMail,
  step: string,
  chunk: Rendered[],
  actor: Actor,
): Promise<number> {
  if (chunk.length === 0) return 0;
  return getDb().transaction(async (tx) => {
    await lockCampaignSends(tx, campaign.id);
    const due = await stillDue(tx, campaign.id, step, chunk);
    for (const lead of due) {
      await queueEmail(tx, {
        kind: "reminder",
        to: lead.leadEmail,
        ...lead.email,
        idempotencyKey: reminderKey(campaign.id, lead.leadId, step),
        campaignId: campaign.id,
        leadId: lead.leadId,
      });
    }
    await recordAudits(
      tx,
      due.map((lead) => remindedEvent(campaign.id, step, lead, actor)),
    );
    return due.length;
  });
}

async function stillDue(
  tx: Executor,
  campaignId: number,
  step: string,
  chunk: Rendered[],
) {
  const result = await tx.execute(sql`
    select r.id as "linkId" from review_links r
    where r.campaign_id = ${campaignId} and r.revoked_at is null
      and r.id in (${idList(chunk.map((lead) => lead.linkId))})
      and ${notReminded(campaignId, step)}`);
  const due = new Set(
    rowsOf<{ linkId: number }>(result).map((row) => Number(row.linkId)),
  );
  return chunk.filter((lead) => due.has(lead.linkId));
}

function remindedEvent(
  campaignId: number,
  step: string,
  lead: DueLead,
  actor: Actor,
): AuditEvent {
  return {
    ...auditActor(actor),
    action: "reminder.queued",
    entityType: "review_link",
    entityId: lead.linkId,
    campaignId,
    organisationId: lead.organisationId,
    data: { leadId: lead.leadId, step, remaining: lead.remaining },
  };
}
