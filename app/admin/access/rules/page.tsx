import Link from "next/link";
import { addRuleAction, removeRuleAction } from "@/lib/access/actions";
import { listRules } from "@/lib/access/queries";
import { requireAdminPage } from "@/lib/auth/admin";
import { ActionForm } from "../action-form";
import { BUTTON, CELL, HEAD, INPUT, LINK, londonTime, SECONDARY, Section } from "../ui";

export const metadata = { title: "Domain rules" };
export const dynamic = "force-dynamic";

export default async function RulesPage() {
  await requireAdminPage();
  const rules = await listRules();
  return (
    <div className="space-y-8">
      <p>
        <Link className={LINK} href="/admin/access">
          Back to access changes
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Recognised email domains</h1>
      <p className="max-w-3xl">
        A rule covers its domain and every subdomain on whole labels: nhs.net covers
        nhs.net and x.nhs.net, never notnhs.net or nhs.net.example.com. Only people on a
        recognised domain are downgraded without an admin.
      </p>
      <Section title="Rules">
        <table className="w-full border-collapse">
          <thead>
            <tr>
              {["Suffix", "Label", "Added", ""].map((title) => (
                <th key={title} scope="col" className={HEAD}>
                  {title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id}>
                <td className={CELL}>{rule.suffix}</td>
                <td className={CELL}>{rule.label}</td>
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
        <ActionForm
          action={addRuleAction}
          label="Add rule"
          done="Rule added."
          className={BUTTON}
        >
          {(typed) => (
            <div key={JSON.stringify(typed)} className="max-w-md space-y-3">
              <label className="block font-semibold" htmlFor="suffix">
                Domain suffix
                <span className="block text-sm font-normal text-slate-700">
                  For example nhs.net or mft.nhs.uk
                </span>
                <input
                  id="suffix"
                  name="suffix"
                  defaultValue={typed.suffix}
                  className={INPUT}
                  required
                  aria-describedby="suffix-error"
                />
              </label>
              <label className="block font-semibold" htmlFor="label">
                Label
                <input
                  id="label"
                  name="label"
                  defaultValue={typed.label}
                  className={INPUT}
                  required
                  aria-describedby="label-error"
                />
              </label>
            </div>
          )}
        </ActionForm>
      </Section>
    </div>
  );
}
