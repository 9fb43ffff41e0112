import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { emailOutbox } from "@/lib/db/schema";
import { makeLead, makeOrganisation, makeRole, makeUser } from "../support/factories";

/** Review links are derived from this secret in tests. */
process.env.AUTH_SECRET ??= "campaigns-test-secret";

/** A subscribing organisation with `users` users and `leads` leads. */
export async function makeSubscriber(users: number, leads = 1) {
  const organisation = await makeOrganisation({ isSubscriber: true });
  const role = await makeRole();
  const members = [];
  for (let i = 0; i < users; i++) {
    members.push(await makeUser({ organisationId: organisation.id, roleId: role.id }));
  }
  const leadRows = [];
  for (let i = 0; i < leads; i++) leadRows.push(await makeLead(organisation.id));
  return { organisation, role, users: members, leads: leadRows };
}

/** The review token inside a queued email's plain text. */
export function tokenIn(text: string): string {
  const match = /\/review\/([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error("no review link in the email");
  return match[1];
}

export async function outboxFor(campaignId: number) {
  return getDb()
    .select({
      id: emailOutbox.id,
      kind: emailOutbox.kind,
      toEmail: emailOutbox.toEmail,
      text: emailOutbox.text,
      idempotencyKey: emailOutbox.idempotencyKey,
      leadId: emailOutbox.leadId,
    })
    .from(emailOutbox)
    .where(eq(emailOutbox.campaignId, campaignId));
}

export const admin = { email: "admin@example.org" };
