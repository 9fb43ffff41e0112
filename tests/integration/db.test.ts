import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/lib/db/schema";
import { getDb, withTestDatabase } from "../support/db";
import { makeOrganisation, makeUser } from "../support/factories";

withTestDatabase();

describe("schema rules", () => {
  it("keeps one user per email", async () => {
    const organisation = await makeOrganisation();
    await makeUser({ email: "same@nhs.net", organisationId: organisation.id });
    await expect(makeUser({ email: "same@nhs.net" })).rejects.toThrow();
    const rows = await getDb()
      .select()
      .from(users)
      .where(eq(users.email, "same@nhs.net"));
    expect(rows).toHaveLength(1);
  });
});
