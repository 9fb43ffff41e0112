import { and, desc, eq, isNull } from "drizzle-orm";
import type { Actor } from "@/lib/campaigns/actor";
import { createCampaign } from "@/lib/campaigns/create";
import { issueReviewLink, reviewUrl } from "@/lib/campaigns/links";
import { openCampaign } from "@/lib/campaigns/open";
import { linkToken, linkTokenHash } from "@/lib/campaigns/token";
import { getDb } from "@/lib/db/client";
import { campaigns, reviewLinks } from "@/lib/db/schema";
import { londonToday } from "@/lib/deadline";
import { findDemoLead } from "./index";

export const DEMO_CAMPAIGN_NAME = "Autumn review";
const DEMO_DEADLINE_DAYS = 21;
const SEED_ACTOR: Actor = { system: "seed" };

/**
 * An open demo campaign, so a newcomer can try the review page at once.
 * Created and opened once; later calls find it (by name) and change nothing.
 */
export async function ensureDemoCampaign(now = new Date()): Promise<number> {
  const existing = await findDemoCampaign();
  if (existing) return existing;

  const created = await createCampaign(
    { name: DEMO_CAMPAIGN_NAME, deadlineDate: daysAhead(now, DEMO_DEADLINE_DAYS) },
    SEED_ACTOR,
    now,
  );
  if (!created.ok) throw new Error(`Demo campaign not created: ${created.error}`);
  const opened = await openCampaign(created.data.campaignId, SEED_ACTOR);
  if (!opened.ok) throw new Error(`Demo campaign not opened: ${opened.error}`);
  return created.data.campaignId;
}

/** The demo campaign's id, if it exists (and, with `openOnly`, is open). */
export async function findDemoCampaign(openOnly = false): Promise<number | null> {
  const named = eq(campaigns.name, DEMO_CAMPAIGN_NAME);
  const [row] = await getDb()
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(openOnly ? and(named, eq(campaigns.status, "open")) : named)
    .orderBy(desc(campaigns.id))
    .limit(1);
  return row?.id ?? null;
}

/** London's date `days` after today's, as YYYY-MM-DD. */
function daysAhead(now: Date, days: number): string {
  const today = new Date(`${londonToday(now)}T12:00:00Z`);
  return new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface DemoReviewLink {
  url: string;
  leadName: string;
  leadEmail: string;
  organisationName: string;
}

/**
 * The sample review link for the demo lead. A live link that already has a
 * real token is shown again rather than replaced, so a link the newcomer
 * kept (or was emailed) goes on working across restarts.
 */
export async function demoReviewLink(campaignId: number): Promise<DemoReviewLink | null> {
  const lead = await findDemoLead();
  if (!lead) return null;
  const [live] = await getDb()
    .select({ id: reviewLinks.id, tokenHash: reviewLinks.tokenHash })
    .from(reviewLinks)
    .where(
      and(
        eq(reviewLinks.campaignId, campaignId),
        eq(reviewLinks.leadId, lead.id),
        isNull(reviewLinks.revokedAt),
      ),
    );
  const url =
    live && live.tokenHash === linkTokenHash(live.id)
      ? reviewUrl(linkToken(live.id))
      : (await issueReviewLink(campaignId, lead.id, { system: "dev" })).url;
  return {
    url,
    leadName: lead.fullName,
    leadEmail: lead.email,
    organisationName: lead.organisationName,
  };
}
