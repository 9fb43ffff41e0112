import type { ActorType } from "@/lib/audit/record";

/** Who started an access change: the scheduler, a shell, or a named admin. */
export type Actor =
  | { kind: "cron"; name: "cron" }
  | { kind: "cli"; name: "cli" }
  | { kind: "admin"; name: `admin:${string}`; email: string };

export const cronActor: Actor = { kind: "cron", name: "cron" };
export const cliActor: Actor = { kind: "cli", name: "cli" };

export function adminActor(email: string): Actor {
  return { kind: "admin", name: `admin:${email}`, email };
}

/** The actor as an audit event names it. */
export function auditActor(actor: Actor): { actorType: ActorType; actorId: string } {
  if (actor.kind === "admin") return { actorType: "admin", actorId: actor.email };
  return { actorType: actor.kind === "cron" ? "cron" : "system", actorId: actor.name };
}
