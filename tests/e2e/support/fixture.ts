import type { Database } from "@/lib/db/client";
import { organisations, roles, subscriberLeads, users } from "@/lib/db/schema";

/**
 * The small, known world every browser test starts from: one subscribing
 * trust with a lead and twelve users, a second subscriber with its own lead,
 * and a non-subscribing organisation to move people to.
 */
export const fixture = {
  admin: "admin@example.org",
  trust: { code: "E2ETRUST", name: "Riverside NHS Foundation Trust" },
  otherTrust: { code: "E2EOTHER", name: "Hillside Community NHS Trust" },
  practice: { code: "E2EGP01", name: "Meadow Lane Surgery" },
  lead: { fullName: "Priya Lead", email: "priya.lead@riverside.nhs.uk" },
  otherLead: { fullName: "Owen Other", email: "owen.other@hillside.nhs.uk" },
  // The last is the widest name in the NHS role list the demo loads.
  roles: [
    "Staff Nurse",
    "Consultant",
    "Pharmacist",
    "Librarian",
    "Community Mental Health Nurse",
  ],
  users: [
    { email: "alice.adams@nhs.net", fullName: "Alice Adams" },
    { email: "ben.brown@riverside.nhs.uk", fullName: "Ben Brown" },
    { email: "cara.cole@gmail.com", fullName: "Cara Cole" },
    { email: "dev.desai@nhs.net", fullName: "Dev Desai" },
    { email: "ella.evans@nhs.net", fullName: "Ella Evans" },
    { email: "finn.ford@nhs.net", fullName: "Finn Ford" },
    { email: "gita.gill@nhs.net", fullName: "Gita Gill" },
    { email: "hugo.hart@nhs.net", fullName: "Hugo Hart" },
    { email: "isla.ings@nhs.net", fullName: "Isla Ings" },
    { email: "jon.james@nhs.net", fullName: "Jon James" },
    { email: "kim.khan@nhs.net", fullName: "Kim Khan" },
    { email: "lucy.lamb@nhs.net", fullName: "Lucy Lamb" },
  ],
  otherUsers: [
    { email: "olga.oak@hillside.nhs.uk", fullName: "Olga Oak" },
    { email: "pete.pine@hillside.nhs.uk", fullName: "Pete Pine" },
  ],
} as const;

export async function loadFixture(db: Database): Promise<void> {
  const orgs = await db
    .insert(organisations)
    .values([
      { ...fixture.trust, isSubscriber: true },
      { ...fixture.otherTrust, isSubscriber: true },
      { ...fixture.practice, isSubscriber: false },
    ])
    .returning({ id: organisations.id, code: organisations.code });
  const orgId = (code: string) => orgs.find((o) => o.code === code)!.id;

  const roleRows = await db
    .insert(roles)
    .values(fixture.roles.map((name) => ({ name })))
    .returning({ id: roles.id });

  await db.insert(users).values([
    ...fixture.users.map((u, i) => ({
      ...u,
      organisationId: orgId(fixture.trust.code),
      roleId: roleRows[i % 2].id,
    })),
    ...fixture.otherUsers.map((u) => ({
      ...u,
      organisationId: orgId(fixture.otherTrust.code),
      roleId: roleRows[2].id,
    })),
  ]);

  await db.insert(subscriberLeads).values([
    { ...fixture.lead, organisationId: orgId(fixture.trust.code) },
    { ...fixture.otherLead, organisationId: orgId(fixture.otherTrust.code) },
  ]);
}
