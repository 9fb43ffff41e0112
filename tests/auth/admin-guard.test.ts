import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { adminAction, getAdmin, requireAdminPage } from "@/lib/auth/admin";
import { auth } from "@/lib/auth/config";
import { organisations } from "@/lib/db/schema";
import { getDb, withTestDatabase } from "../support/db";
import { makeOrganisation } from "../support/factories";
import { ADMIN, useAuthEnv } from "./helpers";

// The session source: given or withheld per test. Everything else is real.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn() }));
const sessionIs = (email: string | null) =>
  vi
    .mocked(auth as unknown as () => Promise<unknown>)
    .mockResolvedValue(
      email
        ? { user: { email }, expires: new Date(Date.now() + 60_000).toISOString() }
        : null,
    );

withTestDatabase();
beforeAll(useAuthEnv);
beforeEach(useAuthEnv);

const renameInput = z.object({ id: z.coerce.number().int(), name: z.string().min(1) });
const rename = adminAction("test.rename", renameInput, async (input) => {
  await getDb()
    .update(organisations)
    .set({ name: input.name })
    .where(eq(organisations.id, input.id));
  return { ok: true };
});

async function nameOf(id: number) {
  const [row] = await getDb()
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, id));
  return row.name;
}

describe("getAdmin", () => {
  it("is null without a session", async () => {
    sessionIs(null);
    expect(await getAdmin()).toBeNull();
  });

  it("is the admin, normalised, for an address on the list", async () => {
    sessionIs(` ${ADMIN.toUpperCase()}`);
    expect(await getAdmin()).toEqual({ email: ADMIN });
  });

  it("is null for a session whose address has been taken off the list", async () => {
    sessionIs(ADMIN);
    vi.stubEnv("ADMIN_EMAILS", "other.admin@trust.nhs.uk");
    expect(await getAdmin()).toBeNull();
  });
});

describe("requireAdminPage", () => {
  it("sends a visitor without a session to sign in", async () => {
    sessionIs(null);
    await expect(requireAdminPage()).rejects.toMatchObject({
      digest: expect.stringContaining("/sign-in"),
    });
  });
});

describe("adminAction", () => {
  it("refuses without a session and changes nothing", async () => {
    const organisation = await makeOrganisation({ name: "Before" });
    sessionIs(null);
    const result = await rename(undefined, { id: organisation.id, name: "After" });

    expect(result).toEqual({
      ok: false,
      error: "Your session has ended. Please sign in again.",
      fieldErrors: undefined,
    });
    expect(await nameOf(organisation.id)).toBe("Before");
  });

  it("refuses an address removed from ADMIN_EMAILS and changes nothing", async () => {
    const organisation = await makeOrganisation({ name: "Before" });
    sessionIs(ADMIN);
    vi.stubEnv("ADMIN_EMAILS", "other.admin@trust.nhs.uk");
    const result = await rename(undefined, { id: organisation.id, name: "After" });

    expect(result.ok).toBe(false);
    expect(await nameOf(organisation.id)).toBe("Before");
  });

  it("lets an admin through", async () => {
    const organisation = await makeOrganisation({ name: "Before" });
    sessionIs(ADMIN);
    const result = await rename(undefined, { id: organisation.id, name: "After" });

    expect(result).toEqual({ ok: true });
    expect(await nameOf(organisation.id)).toBe("After");
  });
});
