import type { Executor } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";

export type ActorType = "admin" | "lead" | "system" | "cron";

export interface AuditEvent {
  actorType: ActorType;
  actorId?: string | null;
  actorName?: string | null;
  action: string;
  entityType: string;
  entityId?: string | number | null;
  campaignId?: number | null;
  organisationId?: number | null;
  data?: Record<string, unknown>;
}

/** Writes one audit event; call it inside the transaction of the change it records. */
export async function recordAudit(tx: Executor, event: AuditEvent): Promise<void> {
  await tx.insert(auditEvents).values(toRow(event));
}

export async function recordAudits(tx: Executor, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(auditEvents).values(events.map(toRow));
}

function toRow(event: AuditEvent) {
  return {
    ...event,
    entityId: event.entityId == null ? null : String(event.entityId),
  };
}
