import { eq, sql } from "drizzle-orm";
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

/**
 * A subscribing organisation with `users` users (inserted in one statement,
 * so a thousand cost no more than one) and `leads` leads.
 */
export async function makeLargeSubscriber(
  users: number,
  leads = 1,
  values: { name?: string } = {},
) {
  const organisation = await makeOrganisation({ isSubscriber: true, ...values });
  const tag = organisation.code.toLowerCase();
  await getDb().execute(sql`
    insert into users (email, full_name, organisation_id)
    select 'user.' || g || '.' || ${tag} || '@nhs.net', 'User ' || g || ' ' || ${tag},
           ${organisation.id}::bigint
    from generate_series(1, ${users}::int) g`);
  const leadRows = [];
  for (let i = 0; i < leads; i++) leadRows.push(await makeLead(organisation.id));
  return { organisation, leads: leadRows };
}

/** Gives `count` of an organisation's items a response, answered `daysAgo` days ago. */
export async function answer(
  campaignId: number,
  organisationId: number,
  count: number,
  daysAgo = 0,
) {
  await getDb().execute(sql`
    update review_items set response = 'works_here', responder_name = 'Test Responder',
      responded_at = now() - make_interval(days => ${daysAgo}::int)
    where id in (select id from review_items
      where campaign_id = ${campaignId} and organisation_id = ${organisationId}
        and response is null
      order by id limit ${count}::int)`);
}
