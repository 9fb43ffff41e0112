import { removeRuleAction } from "@/lib/access/actions";
import { listRules } from "@/lib/access/queries";
import { requireAdminPage } from "@/lib/auth/admin";
import { ActionForm } from "../action-form";
import { BackToAccess, CELL, londonTime, SECONDARY, Section, TableHead } from "../ui";
import { RuleForm, RuleLabelForm } from "./rule-form";

export const metadata = { title: "Domain rules" };
export const dynamic = "force-dynamic";

export default async function RulesPage() {
  await requireAdminPage();
  const rules = await listRules();
  return (
    <div className="space-y-8">
      <BackToAccess />
      <h1 className="text-2xl font-semibold">Recognised email domains</h1>
      <p className="max-w-3xl">
        A rule covers its domain and every subdomain on whole labels: nhs.net covers
        nhs.net and x.nhs.net, never notnhs.net or nhs.net.example.com. Only people on a
        recognised domain are downgraded without an admin. A rule needs at least two parts
        (nhs.uk, not uk).
      </p>
      <Section title="Rules">
        <table className="w-full border-collapse">
          <TableHead titles={["Suffix", "Label", "Added", ""]} />
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id}>
                <td className={CELL}>{rule.suffix}</td>
                <td className={CELL}>
                  <RuleLabelForm
                    ruleId={rule.id}
                    suffix={rule.suffix}
                    label={rule.label}
                  />
                </td>
                <td className={CELL}>{londonTime(rule.createdAt)}</td>
                <td className={CELL}>
                  <ActionForm
                    action={removeRuleAction}
                    values={{ ruleId: rule.id }}
                    label={`Remove ${rule.suffix}`}
                    done="Removed."
                    className={SECONDARY}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="Add a rule">
        <RuleForm />
      </Section>
    </div>
  );
}
