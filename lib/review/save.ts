import { and, eq, sql } from "drizzle-orm";
import { type AuditEvent, recordAudits } from "@/lib/audit/record";
import { type Database, type Executor, getDb } from "@/lib/db/client";
import { organisations, reviewItems, roles, users } from "@/lib/db/schema";
import { type ItemScope, type ReviewScope, toItemScope } from "./access";
import { AnswersLocked, holdCampaignOpen } from "./hold-open";
import {
  findOrganisationByName,
  inScope,
  loadItemForSave,
  type ReviewRow,
} from "./queries";
import type { SaveResponseInput } from "./schemas";

export type SaveOutcome =
  | { status: "saved"; row: ReviewRow }
  | { status: "conflict"; row: ReviewRow }
  | { status: "not_found" }
  | { status: "invalid"; fieldErrors: Record<string, string[]> }
  | { status: "locked"; message: string };

/**
 * Who answers for a row. A lead's id is its review link's id; an admin's is
 * their email address. The name is shown as "answered by" on the row.
 */
export interface SaveActor {
  type: "admin" | "lead";
  id: string;
  name: string;
}

/** One row's answer, whoever gives it: the review form's fields without the token. */
export type SaveItemInput = Omit<SaveResponseInput, "token">;

class StaleVersion extends Error {}

/** A lead's save through their review link. */
export function saveReviewItem(
  scope: ReviewScope,
  input: SaveItemInput,
  responderName: string,
  db: Database = getDb(),
): Promise<SaveOutcome> {
  const actor: SaveActor = {
    type: "lead",
    id: String(scope.link.id),
    name: responderName,
  };
  return saveItem(toItemScope(scope), actor, input, db);
}

/**
 * Saves one row of the scope: the response and any correction to the user's
 * employer or role, in one transaction with its audit events. An item
 * outside the scope is not found. A stale version (someone else saved
 * first) changes nothing and returns what is there now.
 */
export async function saveItem(
  scope: ItemScope,
  actor: SaveActor,
  input: SaveItemInput,
  db: Database = getDb(),
): Promise<SaveOutcome> {
  const profile = await resolveProfile(input, db);
  if ("fieldErrors" in profile)
    return { status: "invalid", fieldErrors: profile.fieldErrors };

  const before = await loadItemForSave(scope, input.itemId, db);
  if (!before) return { status: "not_found" };
  if (before.version !== input.version) return { status: "conflict", row: before };

  try {
    // Read outside the transaction: the version checks in the updates make
    // sure nothing changed since, or the save is refused as stale.
    const row = await db.transaction(async (tx) => {
      await holdCampaignOpen(tx, scope.campaignId, actor.type);
      const after = { ...before, ...mergeProfile(before, profile) };
      const profileChanged =
        after.organisationId !== before.organisationId || after.roleId !== before.roleId;
      if (profileChanged) await correctProfile(tx, before, after, input.userVersion);

      const saved = await updateItem(tx, scope, actor, input);
      const row: ReviewRow = {
        ...after,
        ...saved,
        userVersion: profileChanged ? before.userVersion + 1 : before.userVersion,
      };
      await recordAudits(tx, auditEvents(scope, actor, before, row, profileChanged));
      return row;
    });
    return { status: "saved", row };
  } catch (error) {
    if (error instanceof AnswersLocked)
      return { status: "locked", message: error.message };
    if (!(error instanceof StaleVersion)) throw error;
    const current = await loadItemForSave(scope, input.itemId, db);
    return current ? { status: "conflict", row: current } : { status: "not_found" };
  }
}

interface Profile {
  organisation?: { id: number; name: string };
  roleId?: number;
}

/**
 * Works out the employer and role the lead chose. A typed name that differs
 * from the picked organisation wins: that is how the page works without
 * JavaScript, where nothing can be picked from a list.
 */
async function resolveProfile(
  input: SaveItemInput,
  db: Database,
): Promise<Profile | { fieldErrors: Record<string, string[]> }> {
  const profile: Profile = {};
  if (input.organisationId) {
    const [picked] = await db
      .select({
        id: organisations.id,
        name: organisations.name,
        code: organisations.code,
      })
      .from(organisations)
      .where(eq(organisations.id, input.organisationId));
    if (picked && !namesDiffer(input.organisationName, picked))
      profile.organisation = picked;
  }
  if (!profile.organisation && input.organisationName) {
    const found = await findOrganisationByName(input.organisationName, db);
    if (!found)
      return {
        fieldErrors: { organisationName: [noSuchOrganisation(input.organisationName)] },
      };
    profile.organisation = found;
  }
  if (input.roleId) {
    const [role] = await db
      .select({ id: roles.id })
      .from(roles)
      .where(eq(roles.id, input.roleId));
    if (!role)
      return { fieldErrors: { roleId: ["Please choose a role from the list."] } };
    profile.roleId = role.id;
  }
  return profile;
}

function namesDiffer(
  typed: string | undefined,
  org: { name: string; code: string },
): boolean {
  if (!typed) return false;
  const text = typed.trim().toLowerCase();
  return text !== org.name.toLowerCase() && text !== org.code.toLowerCase();
}

function noSuchOrganisation(name: string): string {
  return `We could not find an organisation called "${name}". Check the spelling, or type part of the name and choose from the list.`;
}

function mergeProfile(before: ReviewRow, profile: Profile) {
  return {
    organisationId: profile.organisation?.id ?? before.organisationId,
    organisationName: profile.organisation?.name ?? before.organisationName,
    roleId: profile.roleId ?? before.roleId,
  };
}

/** Writes the corrected employer and role to the user's profile, version-checked. */
async function correctProfile(
  tx: Executor,
  before: ReviewRow,
  after: { organisationId: number | null; roleId: number | null },
  userVersion: number,
): Promise<void> {
  if (before.userVersion !== userVersion) throw new StaleVersion();
  const updated = await tx
    .update(users)
    .set({
      organisationId: after.organisationId,
      roleId: after.roleId,
      version: sql`${users.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(users.id, before.userId), eq(users.version, userVersion)))
    .returning({ id: users.id });
  if (updated.length === 0) throw new StaleVersion();
}

async function updateItem(
  tx: Executor,
  scope: ItemScope,
  actor: SaveActor,
  input: SaveItemInput,
) {
  const [saved] = await tx
    .update(reviewItems)
    .set({
      response: input.response,
      respondedAt: sql`now()`,
      responderName: actor.name,
      // Only an answer given through a link records the link.
      respondedLinkId: actor.type === "lead" ? Number(actor.id) : null,
      version: sql`${reviewItems.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        inScope(scope),
        eq(reviewItems.id, input.itemId),
        eq(reviewItems.version, input.version),
      ),
    )
    .returning({
      version: reviewItems.version,
      response: reviewItems.response,
      respondedAt: reviewItems.respondedAt,
      responderName: reviewItems.responderName,
    });
  if (!saved) throw new StaleVersion();
  return saved;
}

const snapshot = (row: ReviewRow) => ({
  response: row.response,
  organisationId: row.organisationId,
  organisationName: row.organisationName,
  roleId: row.roleId,
});

/** The actor and scope columns every audit event of a save carries. */
function auditActor(scope: ItemScope, actor: SaveActor) {
  return {
    actorType: actor.type,
    actorId: actor.id,
    actorName: actor.name,
    campaignId: scope.campaignId,
    organisationId: scope.organisationId,
  };
}

function auditEvents(
  scope: ItemScope,
  actor: SaveActor,
  before: ReviewRow,
  after: ReviewRow,
  profileChanged: boolean,
): AuditEvent[] {
  const data = { userId: before.userId, userName: before.fullName };
  const events: AuditEvent[] = [
    {
      ...auditActor(scope, actor),
      action: "review.respond",
      entityType: "review_item",
      entityId: before.itemId,
      data: { ...data, before: snapshot(before), after: snapshot(after) },
    },
  ];
  if (profileChanged) {
    events.push({
      ...auditActor(scope, actor),
      action: "user.profile_corrected",
      entityType: "user",
      entityId: before.userId,
      data: {
        ...data,
        before: { organisationId: before.organisationId, roleId: before.roleId },
        after: { organisationId: after.organisationId, roleId: after.roleId },
      },
    });
  }
  return events;
}
