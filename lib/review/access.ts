import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { type Database, getDb } from "@/lib/db/client";
import { campaigns, organisations, reviewLinks, subscriberLeads } from "@/lib/db/schema";
import { isPastDeadline } from "@/lib/deadline";
import { hashToken } from "@/lib/tokens";
import { preparedFor } from "./prepared";
import { reviewToken } from "./schemas";

/** live: answers may change. read_only: past the deadline or closed; answers shown only. */
export type ReviewMode = "live" | "read_only";

/**
 * What a review token grants: one organisation's items in one campaign.
 * Every query and write of the review page takes its ids from here.
 */
export interface ReviewScope {
  link: { id: number; campaignId: number; organisationId: number; leadId: number };
  campaign: {
    id: number;
    name: string;
    status: "open" | "closed";
    deadlineAt: Date;
    deadlineDate: string;
  };
  organisation: { id: number; name: string; code: string };
  lead: { id: number; fullName: string };
  mode: ReviewMode;
}

/**
 * The rows a save may touch: one organisation's items in one campaign. A
 * review link derives it from its token; the admin area from the route.
 */
export interface ItemScope {
  campaignId: number;
  organisationId: number;
}

export function toItemScope(scope: ReviewScope | ItemScope): ItemScope {
  return "campaign" in scope
    ? { campaignId: scope.campaign.id, organisationId: scope.organisation.id }
    : scope;
}

/**
 * Resolves a token by its hash. Unknown, malformed, revoked or draft-campaign
 * tokens all give null, so the caller cannot tell them apart (nor can a visitor).
 */
export async function resolveReviewToken(
  token: string,
  now = new Date(),
  db: Database = getDb(),
): Promise<ReviewScope | null> {
  if (!reviewToken.safeParse(token).success) return null;

  const [row] = await tokenQuery(db).execute({ tokenHash: hashToken(token) });
  if (!row) return null;

  const status = row.campaign.status === "open" ? "open" : "closed";
  const live = status === "open" && !isPastDeadline(row.campaign.deadlineAt, now);
  return {
    ...row,
    campaign: { ...row.campaign, status },
    mode: live ? "live" : "read_only",
  };
}

function buildTokenQuery(db: Database) {
  return db
    .select({
      link: {
        id: reviewLinks.id,
        campaignId: reviewLinks.campaignId,
        organisationId: reviewLinks.organisationId,
        leadId: reviewLinks.leadId,
      },
      campaign: {
        id: campaigns.id,
        name: campaigns.name,
        status: campaigns.status,
        deadlineAt: campaigns.deadlineAt,
        deadlineDate: campaigns.deadlineDate,
      },
      organisation: {
        id: organisations.id,
        name: organisations.name,
        code: organisations.code,
      },
      lead: { id: subscriberLeads.id, fullName: subscriberLeads.fullName },
    })
    .from(reviewLinks)
    .innerJoin(campaigns, eq(campaigns.id, reviewLinks.campaignId))
    .innerJoin(organisations, eq(organisations.id, reviewLinks.organisationId))
    .innerJoin(subscriberLeads, eq(subscriberLeads.id, reviewLinks.leadId))
    .where(
      and(
        eq(reviewLinks.tokenHash, sql.placeholder("tokenHash")),
        isNull(reviewLinks.revokedAt),
        ne(campaigns.status, "draft"),
      ),
    )
    .limit(1)
    .prepare("review_token_scope");
}

const tokenQuery = (db: Database) =>
  preparedFor(db, "review_token_scope", buildTokenQuery);
