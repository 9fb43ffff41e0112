import AxeBuilder from "@axe-core/playwright";
import { eq, inArray } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Connection, connectPostgres } from "@/lib/db/client";
import {
  campaigns,
  organisations,
  reviewItems,
  reviewLinks,
  roles,
  subscriberLeads,
  users,
} from "@/lib/db/schema";
import { deadlineFromDate } from "@/lib/deadline";
import { generateToken, hashToken } from "@/lib/tokens";
import { launchBrowser } from "./support/browser";

/**
 * The review page in real Chromium: two people on one link, keyboard-only
 * and no-JavaScript completion, and axe checks of its main states. Works on
 * its own organisations and campaigns, removed afterwards, so the shared
 * fixture and other journeys are untouched.
 */

let connection: Connection;
let browser: Browser;
const made = {
  campaignIds: [] as number[],
  userIds: [] as number[],
  orgIds: [] as number[],
};
const links = { shared: "", small: "", nojs: "", late: "" };

beforeAll(async () => {
  connection = connectPostgres(inject("databaseUrl"), 2);
  const date = (days: number) =>
    new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const live = await makeCampaign("E2E review (live)", date(30));
  const late = await makeCampaign("E2E review (late)", date(-2));
  links.shared = await makeOrganisation(live, "Review E2E Shared Trust", [
    "Ann Shared",
    "Bill Shared",
    "Cat Shared",
  ]);
  links.small = await makeOrganisation(live, "Review E2E Small Practice", [
    "Dee Small",
    "Eli Small",
  ]);
  links.nojs = await makeOrganisation(live, "Review E2E Plain Trust", ["Fay Plain"]);
  links.late = await makeOrganisation(late, "Review E2E Late Trust", ["Gus Late"]);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  const db = connection.db;
  if (made.campaignIds.length)
    await db.delete(campaigns).where(inArray(campaigns.id, made.campaignIds));
  if (made.userIds.length) await db.delete(users).where(inArray(users.id, made.userIds));
  if (made.orgIds.length)
    await db.delete(organisations).where(inArray(organisations.id, made.orgIds));
  await connection.close();
});

async function makeCampaign(name: string, deadlineDate: string): Promise<number> {
  const [row] = await connection.db
    .insert(campaigns)
    .values({
      name,
      deadlineDate,
      deadlineAt: deadlineFromDate(deadlineDate),
      status: "open",
      openedAt: new Date(),
    })
    .returning({ id: campaigns.id });
  made.campaignIds.push(row.id);
  return row.id;
}

/** An organisation under review in a campaign, with a link; returns the link's URL. */
async function makeOrganisation(
  campaignId: number,
  name: string,
  people: string[],
): Promise<string> {
  const db = connection.db;
  const code = `RE2E${made.orgIds.length}${Date.now() % 100000}`;
  const [org] = await db
    .insert(organisations)
    .values({ code, name, isSubscriber: true })
    .returning();
  made.orgIds.push(org.id);
  const [role] = await db.select({ id: roles.id }).from(roles).limit(1);
  const created = await db
    .insert(users)
    .values(
      people.map((fullName) => ({
        fullName,
        email: `${fullName.toLowerCase().replace(" ", ".")}.${code.toLowerCase()}@example.com`,
        organisationId: org.id,
        roleId: role?.id ?? null,
      })),
    )
    .returning({ id: users.id });
  made.userIds.push(...created.map((u) => u.id));
  await db.insert(reviewItems).values(
    created.map((u) => ({
      campaignId,
      organisationId: org.id,
      userId: u.id,
      shownOrganisationId: org.id,
      shownRoleId: role?.id ?? null,
      shownAccessLevel: "subscriber" as const,
    })),
  );
  const [lead] = await db
    .insert(subscriberLeads)
    .values({
      organisationId: org.id,
      fullName: `Lead of ${name}`,
      email: `lead.${code.toLowerCase()}@example.com`,
    })
    .returning({ id: subscriberLeads.id });
  const token = generateToken();
  await db.insert(reviewLinks).values({
    campaignId,
    organisationId: org.id,
    leadId: lead.id,
    tokenHash: hashToken(token),
  });
  return `${inject("appUrl")}/review/${token}`;
}

async function responseOf(fullName: string) {
  const [row] = await connection.db
    .select({ response: reviewItems.response, responderName: reviewItems.responderName })
    .from(reviewItems)
    .innerJoin(users, eq(users.id, reviewItems.userId))
    .where(eq(users.fullName, fullName));
  return row;
}

/** The row (one list item with its own form) of one person. */
const row = (page: Page, fullName: string) =>
  page
    .locator("li")
    .filter({ has: page.getByRole("group", { name: `Your response for ${fullName}` }) });

async function giveName(page: Page, name: string) {
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Save name" }).click();
  await page.getByText("You are answering as").waitFor();
}

async function answer(page: Page, fullName: string, response: string) {
  await row(page, fullName).getByRole("radio", { name: response, exact: true }).check();
  await row(page, fullName)
    .getByRole("button", { name: `Save ${fullName}` })
    .click();
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`),
  ).toEqual([]);
}

describe("the review page", () => {
  it("lets two people on one link save different rows, and shows a conflict on the same row", async () => {
    const alice = await (await browser.newContext()).newPage();
    const bob = await (await browser.newContext()).newPage();
    await alice.goto(links.shared);
    await bob.goto(links.shared);
    await giveName(alice, "Alice Colleague");
    await giveName(bob, "Bob Colleague");

    await answer(alice, "Ann Shared", "Works here");
    await answer(bob, "Bill Shared", "No longer works here");
    await row(alice, "Ann Shared").getByText("✓ Saved").waitFor();
    await row(bob, "Bill Shared").getByText("✓ Saved").waitFor();
    expect(await responseOf("Ann Shared")).toEqual({
      response: "works_here",
      responderName: "Alice Colleague",
    });
    expect(await responseOf("Bill Shared")).toEqual({
      response: "left",
      responderName: "Bob Colleague",
    });

    await answer(alice, "Cat Shared", "Works here");
    await row(alice, "Cat Shared").getByText("✓ Saved").waitFor();
    await answer(bob, "Cat Shared", "I don't know this person");
    await row(bob, "Cat Shared")
      .getByText(/Alice Colleague saved this person's details/)
      .waitFor();
    expect(
      await row(bob, "Cat Shared")
        .getByRole("radio", { name: "Works here", exact: true })
        .isChecked(),
    ).toBe(true);
    expect(await responseOf("Cat Shared")).toEqual({
      response: "works_here",
      responderName: "Alice Colleague",
    });
    await expectNoAxeViolations(bob);
  });

  it("can be completed with the keyboard alone", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(links.small);
    await expectNoAxeViolations(page);

    await tabTo(page, "name", "");
    await page.keyboard.type("Keyboard Lead");
    await page.keyboard.press("Enter");
    await page.getByText("You are answering as").waitFor();
    for (const person of ["Dee Small", "Eli Small"]) {
      await tabTo(page, "radio", person);
      await page.keyboard.press("Space");
      await tabTo(page, "save", person);
      await page.keyboard.press("Enter");
      await row(page, person).getByText("✓ Saved").waitFor();
    }

    await page.getByText("All done").waitFor();
    expect((await responseOf("Eli Small"))?.response).toBe("works_here");
    await expectNoAxeViolations(page);
  });

  it("shows the longest role name whole in a 1280-pixel window", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(links.small);
    const select = row(page, "Dee Small").getByLabel(/^My role is/);
    const fit = await select.evaluate((element) => {
      const box = element as HTMLSelectElement;
      const style = getComputedStyle(box);
      const pen = document.createElement("canvas").getContext("2d");
      if (!pen) throw new Error("no canvas");
      pen.font = `${style.fontSize} ${style.fontFamily}`;
      const longest = [...box.options]
        .map((option) => ({
          name: option.text,
          width: pen.measureText(option.text).width,
        }))
        .sort((a, b) => b.width - a.width)[0];
      // Room for the text: the box less its padding and the drop-down arrow.
      const arrow = 24;
      const room =
        box.clientWidth -
        Number.parseFloat(style.paddingLeft) -
        Number.parseFloat(style.paddingRight) -
        arrow;
      return { ...longest, room };
    });
    expect(fit.name.length).toBeGreaterThan(20);
    expect(fit.width).toBeLessThanOrEqual(fit.room);
    await context.close();
  });

  it("can be completed without JavaScript", async () => {
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(links.nojs);
    await giveName(page, "Plain Lead");
    await answer(page, "Fay Plain", "No longer works here");
    await row(page, "Fay Plain").getByText("✓ Saved").waitFor();
    expect(await responseOf("Fay Plain")).toEqual({
      response: "left",
      responderName: "Plain Lead",
    });
  });

  it("is read-only after the deadline, and a dead link gets a plain 404", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(links.late);
    await page.getByText("The deadline has passed.").waitFor();
    expect(await page.getByRole("button", { name: /^Save/ }).count()).toBe(0);
    await expectNoAxeViolations(page);

    const response = await page.goto(`${inject("appUrl")}/review/${generateToken()}`);
    expect(response?.status()).toBe(404);
    expect(response?.headers()["cache-control"]).toContain("no-store");
    expect(response?.headers()["x-robots-tag"]).toBe("noindex");
    expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
    await page.getByRole("heading", { name: "This review link does not work" }).waitFor();
    await expectNoAxeViolations(page);
  });
});

/**
 * Presses Tab until focus reaches the wanted control (keyboard only): the
 * name box, the first response of a person, or a person's Save button.
 */
async function tabTo(page: Page, kind: "name" | "radio" | "save", person: string) {
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press("Tab");
    const reached = await page.evaluate(
      ([kind, person]) => {
        const el = document.activeElement as HTMLInputElement | null;
        if (!el) return false;
        if (kind === "name") return el.id === "responder-name";
        if (kind === "save")
          return el.tagName === "BUTTON" && el.textContent === `Save ${person}`;
        const legend = el.closest("fieldset")?.querySelector("legend")?.textContent ?? "";
        return el.type === "radio" && legend.endsWith(`for ${person}`);
      },
      [kind, person] as const,
    );
    if (reached) return;
  }
  throw new Error(`Tab never reached the ${kind} control for ${person || "the page"}`);
}
