import { and, eq, isNull, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { appUrl } from "@/lib/config";
import { type Executor, getDb } from "@/lib/db/client";
import { campaigns, reviewLinks, subscriberLeads } from "@/lib/db/schema";
import { type ActionResult, fail } from "@/lib/result";
import { type Actor, auditActor } from "./actor";
import { UNUSABLE_TOKEN_HASH } from "./snapshot";
import { linkToken, linkTokenHash } from "./token";

export function reviewUrl(token: string): string {
  return appUrl(`/review/${token}`);
}

/** The lead's organisation, if the lead exists; the link is always scoped to it. */
async function leadOrganisation(tx: Executor, leadId: number): Promise<number | null> {
  const [lead] = await tx
    .select({ organisationId: subscriberLeads.organisationId })
    .from(subscriberLeads)
    .where(eq(subscriberLeads.id, leadId));
  return lead?.organisationId ?? null;
}

/** Revokes the lead's live link in the campaign, if any; returns its id. */
export async function revokeLiveLink(
  tx: Executor,
  campaignId: number,
  leadId: number,
): Promise<number | null> {
  const [revoked] = await tx
    .update(reviewLinks)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(reviewLinks.campaignId, campaignId),
        eq(reviewLinks.leadId, leadId),
        isNull(reviewLinks.revokedAt),
      ),
    )
    .returning({ id: reviewLinks.id });
  return revoked?.id ?? null;
}

/** Inserts a live link and sets its hash to that of its derived token. */
async function insertLink(
  tx: Executor,
  values: { campaignId: number; organisationId: number; leadId: number },
): Promise<number> {
  const [link] = await tx
    .insert(reviewLinks)
    .values({ ...values, tokenHash: UNUSABLE_TOKEN_HASH })
    .returning({ id: reviewLinks.id });
  await tx
    .update(reviewLinks)
    .set({ tokenHash: linkTokenHash(link.id) })
    .where(eq(reviewLinks.id, link.id));
  return link.id;
}

export interface IssuedLink {
  linkId: number;
  organisationId: number;
  token: string;
}

/**
 * Replaces the lead's live link with a new one, inside the caller's
 * transaction, and audits it. The old link stops working at commit.
 */
export async function replaceLink(
  tx: Executor,
  campaignId: number,
  leadId: number,
  actor: Actor,
): Promise<IssuedLink | null> {
  const organisationId = await leadOrganisation(tx, leadId);
  if (organisationId === null) return null;

  const revokedId = await revokeLiveLink(tx, campaignId, leadId);
  const linkId = await insertLink(tx, { campaignId, organisationId, leadId });
  await recordAudit(tx, {
    ...auditActor(actor),
    action: "review_link.issued",
    entityType: "review_link",
    entityId: linkId,
    campaignId,
    organisationId,
    data: { leadId, replacesLinkId: revokedId },
  });
  return { linkId, organisationId, token: linkToken(linkId) };
}

/**
 * Revokes the lead's current link and issues a new one, returning its token
 * (never stored, only its hash). For scripts and the demo seed.
 */
export async function issueReviewLink(
  campaignId: number,
  leadId: number,
  actor: Actor,
): Promise<{ token: string; url: string }> {
  const issued = await getDb().transaction(async (tx) => {
    const [campaign] = await tx
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(eq(campaigns.id, campaignId));
    if (!campaign) return null;
    return replaceLink(tx, campaignId, leadId, actor);
  });
  if (!issued) throw new Error(`No campaign ${campaignId} or lead ${leadId}`);
  return { token: issued.token, url: reviewUrl(issued.token) };
}

/**
 * Revokes one lead's link, if it is still the one the admin saw. The review
 * page refuses the old token at once.
 */
export async function revokeLink(
  campaignId: number,
  leadId: number,
  linkId: number,
  actor: Actor,
): Promise<ActionResult> {
  return getDb().transaction(async (tx) => {
    const [revoked] = await tx
      .update(reviewLinks)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(reviewLinks.id, linkId),
          eq(reviewLinks.campaignId, campaignId),
          eq(reviewLinks.leadId, leadId),
          isNull(reviewLinks.revokedAt),
        ),
      )
      .returning({ id: reviewLinks.id, organisationId: reviewLinks.organisationId });
    if (!revoked) return fail("That link was already revoked or replaced.");
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "review_link.revoked",
      entityType: "review_link",
      entityId: linkId,
      campaignId,
      organisationId: revoked.organisationId,
      data: { leadId },
    });
    return { ok: true };
  });
}
