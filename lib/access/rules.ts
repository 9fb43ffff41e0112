import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import { domainRules } from "@/lib/db/schema";
import { type Actor, auditActor } from "./actor";
import type { addDomainRuleInput } from "./domains";

export const removeDomainRuleInput = z.object({
  ruleId: z.coerce.number().int().positive("Choose a rule to remove."),
});

/** Adds a rule; an existing suffix is reported, not duplicated. */
export async function addRule(
  input: z.output<typeof addDomainRuleInput>,
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
