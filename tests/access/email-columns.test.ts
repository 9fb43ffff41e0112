import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { matchDomain } from "@/lib/access/domains";
import { users } from "@/lib/db/schema";
import { NON_ASCII } from "@/lib/users/email-patterns";
import { getDb, withTestDatabase } from "../support/db";
import { addressTable, rules } from "./address-table";

withTestDatabase();

/** Plain ASCII: SQL can check it without punycode. */
const asciiDomain = (address: string) => !NON_ASCII.test(address.split("@").at(-1) ?? "");

describe("the address checks PostgreSQL stores with each user", () => {
  it("agree with matchDomain on every address of the matcher's table", async () => {
    const addresses = addressTable.map(([address]) => address);
    await getDb()
      .insert(users)
      .values(addresses.map((email, i) => ({ email, fullName: `Person ${i}` })));
    const stored = await getDb()
      .select({ email: users.email, domain: users.emailDomain, kind: users.emailKind })
      .from(users)
      .where(inArray(users.email, addresses));
    expect(stored).toHaveLength(addresses.length);

    for (const row of stored) {
      const expected = matchDomain(row.email, rules);
      const context = `${JSON.stringify(row.email)} stored as ${row.kind} ${row.domain}`;
      if (expected.kind === "invalid") {
        expect(row.kind, context).toBe("invalid");
      } else if (asciiDomain(row.email)) {
        expect(row.kind, context).toBe("ascii");
        expect(row.domain, context).toBe(expected.domain);
      } else {
        // Look-alikes and fullwidth letters: left for an admin, never matched in SQL.
        expect(row.kind, context).toBe("international");
      }
    }
  });

  it("follow a changed address", async () => {
    const [user] = await getDb()
      .insert(users)
      .values({ email: "sam@gmail.com", fullName: "Sam" })
      .returning();
    expect(user).toMatchObject({ emailDomain: "gmail.com", emailKind: "ascii" });
    const [changed] = await getDb()
      .update(users)
      .set({ email: "sam@@nhs.net" })
      .where(inArray(users.id, [user.id]))
      .returning();
    expect(changed).toMatchObject({ emailKind: "invalid" });
  });
});
