import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import { domainRules } from "@/lib/db/schema";
import { type Actor, auditActor } from "./actor";
import type { AddRuleInput } from "./schemas";

/** Adds a rule; an existing suffix is reported, not duplicated. */
export async function addRule(
  input: AddRuleInput,
  actor: Actor,
): Promise<{ ok: true; id: number } | { ok: false; error: string }> {
  return getDb().transaction(async (tx) => {
    const [rule] = await tx
      .insert(domainRules)
      .values(input)
      .onConflictDoNothing({ target: domainRules.suffix })
      .returning({ id: domainRules.id });
    if (!rule) return { ok: false, error: `${input.suffix} is already a rule.` };
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "access.rule.add",
      entityType: "domain_rule",
      entityId: rule.id,
      data: input,
    });
    return { ok: true, id: rule.id };
  });
}

/**
 * Renames a rule; its suffix, and so what it matches, stays as it is. The
 * audit event keeps the label before and after.
 */
export async function editRuleLabel(
  ruleId: number,
  label: string,
  actor: Actor,
): Promise<boolean> {
  return getDb().transaction(async (tx) => {
    const [before] = await tx
      .select({ suffix: domainRules.suffix, label: domainRules.label })
      .from(domainRules)
      .where(eq(domainRules.id, ruleId))
      .for("update");
    if (!before) return false;
    await tx.update(domainRules).set({ label }).where(eq(domainRules.id, ruleId));
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "access.rule.label",
      entityType: "domain_rule",
      entityId: ruleId,
      data: { suffix: before.suffix, before: before.label, after: label },
    });
    return true;
  });
}

/** Removes a rule; past changes keep the suffix they recorded. */
export async function removeRule(ruleId: number, actor: Actor): Promise<boolean> {
  return getDb().transaction(async (tx) => {
    const [rule] = await tx
      .delete(domainRules)
      .where(eq(domainRules.id, ruleId))
      .returning({ suffix: domainRules.suffix, label: domainRules.label });
    if (!rule) return false;
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "access.rule.remove",
      entityType: "domain_rule",
      entityId: ruleId,
      data: rule,
    });
    return true;
  });
}
