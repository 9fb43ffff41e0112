import type { Metadata } from "next";
import { requireAdminPage } from "@/lib/auth/admin";
import { IMPORT_COLUMNS } from "@/lib/csv/import-schemas";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Import" };

const NOTES = {
  organisations: [
    "code: the ODS code, e.g. R0A; it identifies the organisation in later imports.",
    "subscriber: yes or no.",
    "Names in capitals are shown in title case (NHS, ICB, GP and the like stay upper case).",
  ],
  users: [
    "email: one row per address; it identifies the user.",
    "organisation_code: an organisation already imported, or blank if not known.",
    "role: a name from the role list (any case); a new name is added to the list.",
    "access_level: subscriber or non_subscriber.",
    "last_sign_in_at: blank, YYYY-MM-DD (optionally with a time) or DD/MM/YYYY.",
  ],
  leads: [
    "organisation_code: an organisation already imported.",
    "A lead is identified by organisation and email; a second row with both the same is refused.",
  ],
} as const;

/** Upload a CSV of organisations, users or leads; check it, then import it. */
export default async function ImportPage() {
  await requireAdminPage();
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold">Import from a CSV file</h1>
      <p>
        Import organisations first: users and leads refer to them by code. Every row is
        checked before anything is saved, and a file with any problem imports nothing.
        Importing the same file again changes nothing, so it is safe to retry.
      </p>
      <details className="rounded border border-slate-300 p-3">
        <summary className="cursor-pointer font-semibold">
          The columns each file needs
        </summary>
        <dl className="mt-3 space-y-3">
          {(Object.keys(NOTES) as (keyof typeof NOTES)[]).map((kind) => (
            <div key={kind}>
              <dt className="font-semibold capitalize">{kind}</dt>
              <dd>
                <code className="text-sm">{IMPORT_COLUMNS[kind].join(",")}</code>
                <ul className="list-disc pl-6 text-sm">
                  {NOTES[kind].map((note) => (
                    <li key={note}>{note}</li>
                  ))}
                </ul>
              </dd>
            </div>
          ))}
        </dl>
      </details>
      <ImportForm />
    </div>
  );
}
