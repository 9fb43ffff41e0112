import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { type Executor, getDb } from "@/lib/db/client";
import { campaigns } from "@/lib/db/schema";
import { type ActionResult, fail } from "@/lib/result";
import { type Actor, auditActor } from "./actor";
import { createLinks, snapshotItems } from "./snapshot";

export interface OpenedCampaign {
  /** False when the campaign was already open: nothing changed. */
  opened: boolean;
  items: number;
  links: number;
}

/**
 * Opens a draft campaign: in one transaction, snapshots the review items and
 * creates one link per lead, set-based. Opening twice changes nothing.
 */
export async function openCampaign(
  campaignId: number,
  actor: Actor,
): Promise<ActionResult<OpenedCampaign>> {
  return getDb().transaction(async (tx) => {
    // The status guard in the WHERE clause makes a concurrent second open wait, then miss.
    const [claimed] = await tx
      .update(campaigns)
      .set({ status: "open", openedAt: sql`now()` })
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, "draft")))
      .returning({ id: campaigns.id });
    if (!claimed) return notOpened(tx, campaignId);

    const items = await snapshotItems(tx, campaignId);
    const links = await createLinks(tx, campaignId);
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "campaign.opened",
      entityType: "campaign",
      entityId: campaignId,
      campaignId,
      data: { items, links },
    });
    return { ok: true, data: { opened: true, items, links } };
  });
}

async function notOpened(
  tx: Executor,
  campaignId: number,
): Promise<ActionResult<OpenedCampaign>> {
  const [row] = await tx
    .select({ status: campaigns.status })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId));
  if (!row) return fail("That campaign no longer exists.");
  if (row.status === "closed")
    return fail("This campaign is closed and cannot be reopened.");
  return { ok: true, data: { opened: false, items: 0, links: 0 } };
}
