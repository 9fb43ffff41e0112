import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { cronActor } from "@/lib/access/actor";
import { matchDomain } from "@/lib/access/domains";
import { listPlan } from "@/lib/access/queries";
import { runAccess } from "@/lib/access/run";
import { rowsOf } from "@/lib/db/client";
import { domainRules, reviewItems, users } from "@/lib/db/schema";
import { NON_ASCII } from "@/lib/users/email-patterns";
import { getDb, withTestDatabase } from "../support/db";
import { addressTable, rules } from "./address-table";
import { levelsOf, openScenario, resetAccessData } from "./helpers";

withTestDatabase();
beforeEach(resetAccessData);

const HOUR = 3_600_000;

/** The rules of the table that the migrations do not already hold. */
async function addTableRules() {
  await getDb()
    .insert(domainRules)
    .values(rules.map((rule) => ({ suffix: rule.suffix, label: rule.suffix })))
    .onConflictDoNothing();
}

/** What a run should decide for a `left` answer from this address, due and not held. */
function expectedDecision(address: string): {
  category: string;
  ruleSuffix: string | null;
} {
  const match = matchDomain(address, rules);
  if (match.kind === "invalid") return { category: "invalid", ruleSuffix: null };
  // SQL cannot compute punycode: any domain beyond ASCII is left for an admin.
  const domain = address.trim().split("@").at(-1) ?? "";
  if (NON_ASCII.test(domain) || match.kind === "no_match") {
    return { category: "not_recognised", ruleSuffix: null };
  }
  return { category: "downgrade", ruleSuffix: match.rule.suffix };
}

describe("the run's SQL matching over the matcher's whole address table", () => {
  it("decides every address as the table expects", async () => {
    await addTableRules();
    const scene = await openScenario({ brakePercent: 100 });
    const made = await getDb()
      .insert(users)
      .values(
        addressTable.map(([email], i) => ({
          email,
          fullName: `Person ${i}`,
          organisationId: scene.organisation.id,
        })),
      )
      .returning({ id: users.id, email: users.email });
    await getDb()
      .insert(reviewItems)
      .values(
        made.map((user) => ({
          campaignId: scene.campaign.id,
          userId: user.id,
          organisationId: scene.organisation.id,
          shownAccessLevel: "subscriber" as const,
          response: "left" as const,
          respondedAt: new Date(Date.now() - 48 * HOUR),
        })),
      );

    const dry = await runAccess({ actor: cronActor, dryRun: true });
    const planned = await listPlan(dry.runId, { all: true, limit: 1000 });

    expect(dry.counts.examined).toBe(addressTable.length);
    const decided = new Map(planned.map((row) => [row.userId, row]));
    for (const user of made) {
      const row = decided.get(user.id);
      const context = JSON.stringify(user.email);
      expect(
        { category: row?.category, ruleSuffix: row?.ruleSuffix ?? null },
        context,
      ).toEqual(expectedDecision(user.email));
    }
  });
});

describe("addresses beyond ASCII, whatever the collation", () => {
  it("stores a dotted capital I in the domain as international, as written", async () => {
    await getDb().execute(
      sql`insert into users (email, full_name) values ('x@hscnİ.net', 'Dotted I')`,
    );
    const [row] = rowsOf<{ domain: string; kind: string }>(
      await getDb().execute(sql`
        select email_domain as domain, email_kind as kind from users
        where email = 'x@hscnİ.net'`),
    );
    expect(row).toEqual({ domain: "hscnİ.net", kind: "international" });
  });

  it("never downgrades such an address by itself", async () => {
    const scene = await openScenario({ brakePercent: 100 });
    const [user] = rowsOf<{ id: number }>(
      await getDb().execute(sql`
        insert into users (email, full_name, organisation_id)
        values ('x@HSCNİ.NET', 'Dotted I', ${scene.organisation.id})
        returning id`),
    );
    const userId = Number(user.id);
    await getDb()
      .insert(reviewItems)
      .values({
        campaignId: scene.campaign.id,
        userId,
        organisationId: scene.organisation.id,
        shownAccessLevel: "subscriber",
        response: "left",
        respondedAt: new Date(Date.now() - 48 * HOUR),
      });

    const report = await runAccess({ actor: cronActor });

    expect(report.counts).toMatchObject({ downgraded: 0, notRecognised: 1 });
    expect((await levelsOf([userId]))[userId]).toBe("subscriber");
  });
});
