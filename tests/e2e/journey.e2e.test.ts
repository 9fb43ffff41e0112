import { eq, inArray } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Connection, connectPostgres } from "@/lib/db/client";
import { campaigns, organisations, reviewItems, roles, users } from "@/lib/db/schema";
import { signInAsAdmin } from "./support/admin";
import { launchBrowser } from "./support/browser";
import { fixture } from "./support/fixture";
import { mailCount, waitForLink } from "./support/mail";

/**
 * The foundation journey, in one browser, as the three parts of the product:
 * an admin signs in through the emailed link, opens a campaign and sends the
 * invitations; the lead opens the emailed link and answers; the scheduled
 * job downgrades the right people; the admin sees the counts.
 */

let connection: Connection;
let browser: Browser;
const appUrl = () => inject("appUrl");

beforeAll(async () => {
  connection = connectPostgres(inject("databaseUrl"), 2);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await connection?.close();
});

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function createOpenAndSend(page: Page, name: string): Promise<number> {
  await page.getByLabel("Campaign name").fill(name);
  await page.getByLabel("Deadline").fill(inDays(21));
  await page.getByRole("button", { name: "Create campaign" }).click();
  await page.waitForURL(/\/admin\/campaigns\/\d+$/);
  const id = Number(page.url().split("/").at(-1));
  await page.getByRole("button", { name: "Open campaign" }).click();
  await page.getByRole("button", { name: "Send invitations" }).click();
  await page
    .getByText(/invitation/i)
    .first()
    .waitFor();
  return id;
}

const row = (page: Page, fullName: string) =>
  page
    .locator("li")
    .filter({ has: page.getByRole("group", { name: `Your response for ${fullName}` }) });

async function save(page: Page, fullName: string) {
  await row(page, fullName)
    .getByRole("button", { name: `Save ${fullName}` })
    .click();
  await row(page, fullName).getByText("✓ Saved").waitFor();
}

async function answer(page: Page, fullName: string, response: string) {
  await row(page, fullName).getByRole("radio", { name: response, exact: true }).check();
  await save(page, fullName);
}

async function userState(email: string) {
  const [user] = await connection.db
    .select({
      accessLevel: users.accessLevel,
      organisation: organisations.name,
      role: roles.name,
    })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .leftJoin(roles, eq(roles.id, users.roleId))
    .where(eq(users.email, email));
  return user;
}

describe("a review campaign, end to end", () => {
  it("goes from sign-in to downgrade", async () => {
    const [alice, ben, cara] = fixture.users;
    const admin = await (await browser.newContext()).newPage();
    await signInAsAdmin(admin);
    // Other spec files may have emailed this lead links to their own campaigns.
    const since = await mailCount();
    const campaignId = await createOpenAndSend(admin, "Journey review");

    const reviewLink = await waitForLink(
      fixture.lead.email,
      /review/i,
      `${appUrl()}/review/`,
      { since },
    );
    const lead = await (await browser.newContext()).newPage();
    await lead.goto(reviewLink);
    await lead.getByRole("heading", { name: new RegExp(fixture.trust.name) }).waitFor();
    await lead.getByLabel("Your name").fill("Priya Lead");
    await lead.getByRole("button", { name: "Save name" }).click();
    await lead.getByText("You are answering as").waitFor();

    const aliceRow = row(lead, alice.fullName);
    await aliceRow.getByLabel(/I'm employed by/).fill("Hillside");
    await lead.getByRole("option", { name: new RegExp(fixture.otherTrust.name) }).click();
    await aliceRow.getByLabel(/My role is/).selectOption({ label: "Pharmacist" });
    await aliceRow.getByRole("radio", { name: "Works here", exact: true }).check();
    await save(lead, alice.fullName);
    await answer(lead, ben.fullName, "No longer works here");
    await answer(lead, cara.fullName, "I don't know this person");

    await lead.reload();
    expect(
      await row(lead, ben.fullName)
        .getByRole("radio", { name: "No longer works here", exact: true })
        .isChecked(),
    ).toBe(true);
    expect(
      await row(lead, cara.fullName)
        .getByRole("radio", { name: "I don't know this person", exact: true })
        .isChecked(),
    ).toBe(true);
    await expect(
      row(lead, alice.fullName)
        .getByLabel(/I'm employed by/)
        .inputValue(),
    ).resolves.toBe(fixture.otherTrust.name);
    expect(await userState(alice.email)).toMatchObject({
      organisation: fixture.otherTrust.name,
      role: "Pharmacist",
    });

    // The answers have stood longer than the grace period.
    await connection.db
      .update(campaigns)
      .set({ graceHours: 0 })
      .where(eq(campaigns.id, campaignId));
    const refused = await fetch(`${appUrl()}/api/cron/downgrade`, { method: "POST" });
    expect(refused.status).toBe(401);
    const cron = await fetch(`${appUrl()}/api/cron/downgrade`, {
      method: "POST",
      headers: { authorization: `Bearer ${inject("cronSecret")}` },
    });
    expect(cron.status).toBe(200);
    const counts = await cron.json();
    expect(counts).toMatchObject({ status: "finished", counts: { downgraded: 1 } });

    expect((await userState(ben.email)).accessLevel).toBe("non_subscriber");
    expect((await userState(cara.email)).accessLevel).toBe("subscriber");
    expect((await userState(alice.email)).accessLevel).toBe("subscriber");
    const answered = await connection.db
      .select({ response: reviewItems.response })
      .from(reviewItems)
      .where(inArray(reviewItems.campaignId, [campaignId]));
    expect(answered.filter((item) => item.response !== null)).toHaveLength(3);

    await admin.goto(`${appUrl()}/admin/campaigns/${campaignId}`);
    const table = admin.getByRole("table", { name: /Organisations in this campaign/ });
    const headers = (await table.getByRole("columnheader").allTextContents()).map((c) =>
      c.trim(),
    );
    const trustRow = table.getByRole("row", { name: new RegExp(fixture.trust.name) });
    const cells = (await trustRow.getByRole("cell").allTextContents()).map((c) =>
      c.trim(),
    );
    const byHeader = Object.fromEntries(headers.map((name, i) => [name, cells[i]]));
    expect(byHeader).toMatchObject({
      Users: "12",
      Responded: "3 (25%)",
      "Works here": "1",
      Left: "1",
      Unknown: "1",
      "Delivery problems": "none",
    });
  });
});
