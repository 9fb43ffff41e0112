import type { AuditEvent } from "@/lib/audit/record";

/** Who asked for a campaign change: a signed-in admin, or a named job or script. */
export type Actor = { email: string } | { system: string };

/** The actor columns of an audit event. */
export function auditActor(actor: Actor): Pick<AuditEvent, "actorType" | "actorId"> {
  return "email" in actor
    ? { actorType: "admin", actorId: actor.email }
    : { actorType: "system", actorId: actor.system };
}

/** A short label for `created_by` style columns and logs. */
export function actorLabel(actor: Actor): string {
  return "email" in actor ? actor.email : `system:${actor.system}`;
}
