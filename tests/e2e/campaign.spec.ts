import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { and, eq, inArray } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Connection, connectPostgres } from "@/lib/db/client";
import { emailOutbox, reviewLinks, subscriberLeads } from "@/lib/db/schema";
import { signInAsAdmin } from "./support/admin";
import { launchBrowser } from "./support/browser";
import { fixture } from "./support/fixture";
import { linkIn, mailCount, type SentMail, sentMail, waitForMail } from "./support/mail";

/**
 * Running a campaign in real Chromium (issue 4's proof): the admin sends a
 * campaign and watches it go out (the bar moving without a reload, through
 * failed polls), reminds a selection, revokes and reissues a
 * lead's link (the old link then refuses), and exports the items as CSV.
 *
 * Spec files share one app, database and fake Resend, so this one works on its
 * own campaign only, tells its mail apart by the campaign's name (every
 * campaign email names it) and by the messages' order, and leaves the fixture's
 * rows as they were. Its deadline is 30 days away, so a reminders run by
 * another spec finds no step due for it.
 */

const CAMPAIGN = "Campaign proof review";
const appUrl = () => inject("appUrl");
const reviewPrefix = () => `${appUrl()}/review/`;

let connection: Connection;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  connection = connectPostgres(inject("databaseUrl"), 2);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await connection?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** One of this campaign's emails: it names the campaign in its footer. */
const ofCampaign = (mail: SentMail) => !!mail.text?.includes(CAMPAIGN);
const invitationTo = (email: string) => (mail: SentMail) =>
  ofCampaign(mail) && mail.to.includes(email) && /^Please review/.test(mail.subject);
const isReminder = (mail: SentMail) =>
  ofCampaign(mail) && /^Reminder:/.test(mail.subject);

/** The review link in the newest invitation to `email` since `since`. */
async function invitationLink(email: string, since: number): Promise<string> {
  const mail = await waitForMail(invitationTo(email), { since });
  const link = linkIn(mail, reviewPrefix());
  if (!link) throw new Error(`The invitation to ${email} carries no review link`);
  return link;
}

async function createOpenAndSend(page: Page): Promise<number> {
  await page.getByLabel("Campaign name").fill(CAMPAIGN);
  await page.getByLabel("Deadline").fill(inDays(30));
  await page.getByRole("button", { name: "Create campaign" }).click();
  await page.waitForURL(/\/admin\/campaigns\/\d+$/);
  const id = Number(page.url().split("/").at(-1));
  await page.getByRole("button", { name: "Open campaign" }).click();
  await page.getByText("Open: leads can respond.").waitFor();
  await page.getByRole("button", { name: "Send invitations" }).click();
  await page.getByText(/Invitations queued for every lead not yet invited/).waitFor();
  return id;
}

/** The dashboard's "Totals" figure with this label. */
async function total(page: Page, label: string): Promise<string | null> {
  return page
    .locator("dl > div")
    .filter({ has: page.locator("dt", { hasText: new RegExp(`^${label}$`) }) })
    .locator("dd")
    .textContent();
}

/** Opens a review link in a fresh browser; returns the page and the HTTP status. */
async function openReviewLink(link: string) {
  const page = await newPage();
  const response = await page.goto(link);
  return { page, status: response?.status() };
}

async function expectRefused(link: string) {
  const { page, status } = await openReviewLink(link);
  expect(status).toBe(404);
  await page.getByRole("heading", { name: "This review link does not work" }).waitFor();
  expect(await page.getByText(fixture.trust.name).count()).toBe(0);
  await page.close();
}

async function expectWorks(link: string): Promise<Page> {
  const { page, status } = await openReviewLink(link);
  expect(status).toBe(200);
  await page.getByRole("heading", { name: new RegExp(fixture.trust.name) }).waitFor();
  return page;
}

/** Clicks one of the lead's action buttons and waits for its message. */
async function leadAction(page: Page, button: string, done: string) {
  await page.getByRole("button", { name: button }).click();
  await page.getByRole("status").filter({ hasText: done }).waitFor();
}

async function priyaLinks(campaignId: number) {
  return connection.db
    .select({ id: reviewLinks.id, revokedAt: reviewLinks.revokedAt })
    .from(reviewLinks)
    .innerJoin(subscriberLeads, eq(subscriberLeads.id, reviewLinks.leadId))
    .where(
      and(
        eq(reviewLinks.campaignId, campaignId),
        eq(subscriberLeads.email, fixture.lead.email),
      ),
    )
    .orderBy(reviewLinks.id);
}

describe("running a campaign", () => {
  let admin: Page;
  let campaignId = 0;
  /** The review link Priya holds now, as emailed. */
  let priyaLink = "";

  beforeAll(async () => {
    admin = await newPage();
    await signInAsAdmin(admin);
  });

  it("sends the invitations and shows them going out", async () => {
    const since = await mailCount();
    campaignId = await createOpenAndSend(admin);

    // The progress bar polls until nothing waits, then the numbers refresh.
    const sending = admin.getByRole("region", { name: "Sending" });
    await sending.getByText(/All \d+ emails handled\./).waitFor({ timeout: 30_000 });
    const bar = sending.locator("progress");
    expect(await bar.getAttribute("value")).toBe(await bar.getAttribute("max"));
    await admin.getByText("Every lead has been sent an invitation.").waitFor();
    const sendButton = admin.getByRole("button", { name: "Send invitations" });
    expect(await sendButton.isDisabled()).toBe(true);
    expect(await total(admin, "Invitations sent")).toBe("2");
    expect(await total(admin, "Invitations waiting to send")).toBe("0");
    expect(await total(admin, "Leads whose latest email failed")).toBe("0");
    for (const name of [fixture.trust.name, fixture.otherTrust.name]) {
      const row = admin.getByRole("row", { name: new RegExp(name) });
      expect(await row.getByRole("cell").nth(2).textContent()).toBe("1 sent");
    }

    // Each lead got exactly one invitation to this campaign.
    priyaLink = await invitationLink(fixture.lead.email, since);
    await invitationLink(fixture.otherLead.email, since);
    const invitations = (await sentMail())
      .slice(since)
      .filter((m) => ofCampaign(m) && /^Please review/.test(m.subject));
    expect(invitations.map((m) => m.to.join()).sort()).toEqual(
      [fixture.lead.email, fixture.otherLead.email].sort(),
    );

    // Resend has the invitation: the outbox no longer shows its body or link.
    const [stored] = await connection.db
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(
        and(
          eq(emailOutbox.campaignId, campaignId),
          eq(emailOutbox.toEmail, fixture.lead.email),
          eq(emailOutbox.kind, "invitation"),
        ),
      );
    await admin.goto(`${appUrl()}/admin/outbox/${stored.id}`);
    await admin.getByText("The message itself is no longer kept").waitFor();
    expect(await admin.locator(`a[href^="${reviewPrefix()}"]`).count()).toBe(0);
    expect(await admin.content()).not.toContain(priyaLink);
    await admin.goto(`${appUrl()}/admin/campaigns/${campaignId}`);
    await admin.getByRole("checkbox", { name: fixture.lead.fullName }).waitFor();
  });

  it("the progress bar follows a send live, through failed polls, without a reload", async () => {
    // Three messages of this campaign held in the queue (due in an hour, so no
    // worker takes them), then marked sent as a worker would: the bar must
    // move on its own. The first poll is cut off and the second gets a 500.
    const held = await connection.db
      .insert(emailOutbox)
      .values(
        [1, 2, 3].map((n) => ({
          kind: "invitation",
          toEmail: `held.${n}@example.org`,
          subject: `Held ${n}`,
          html: "<p>held</p>",
          text: "held",
          idempotencyKey: `e2e-held-${campaignId}-${n}`,
          campaignId,
          nextAttemptAt: new Date(Date.now() + 3_600_000),
        })),
      )
      .returning({ id: emailOutbox.id });
    const markSent = (ids: number[]) =>
      connection.db
        .update(emailOutbox)
        .set({ status: "sent", sentAt: new Date() })
        .where(inArray(emailOutbox.id, ids));
    let polls = 0;
    await admin.route(`**/admin/campaigns/${campaignId}/progress`, async (route) => {
      polls += 1;
      if (polls === 1) return route.abort("failed");
      if (polls === 2) return route.fulfill({ status: 500, body: "{}" });
      return route.continue();
    });
    try {
      await admin.reload();
      await admin.evaluate(() => {
        (window as { notReloaded?: boolean }).notReloaded = true;
      });
      const sending = admin.getByRole("region", { name: "Sending" });
      await sending.getByText("Sending: 2 of 5 emails handled.").waitFor();
      await expect.poll(() => polls, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);

      await markSent([held[0].id]);
      await sending
        .getByText("Sending: 3 of 5 emails handled.")
        .waitFor({ timeout: 15_000 });
      const bar = sending.locator("progress");
      expect(await bar.getAttribute("value")).toBe("3");
      expect(await bar.getAttribute("max")).toBe("5");

      await markSent(held.slice(1).map((row) => row.id));
      await sending.getByText("All 5 emails handled.").waitFor({ timeout: 15_000 });
      expect(polls).toBeGreaterThanOrEqual(4);
      expect(
        await admin.evaluate(() => (window as { notReloaded?: boolean }).notReloaded),
      ).toBe(true);
    } finally {
      await admin.unroute(`**/admin/campaigns/${campaignId}/progress`);
      await connection.db.delete(emailOutbox).where(
        inArray(
          emailOutbox.id,
          held.map((row) => row.id),
        ),
      );
    }
    await admin.reload();
  });

  it("sends a reminder now to the selected lead only", async () => {
    const since = await mailCount();
    await admin.getByRole("checkbox", { name: fixture.lead.fullName }).check();
    expect(
      await admin.getByRole("checkbox", { name: fixture.otherLead.fullName }).isChecked(),
    ).toBe(false);
    await admin
      .getByRole("button", { name: "Send a reminder now to the selected leads" })
      .click();
    await admin.getByRole("status").filter({ hasText: "1 reminders queued" }).waitFor();

    const reminder = await waitForMail(isReminder, { since });
    expect(reminder.to).toEqual([fixture.lead.email]);
    expect(reminder.subject).toBe(
      `Reminder: the ${fixture.trust.name} review closes in 30 days`,
    );
    // It carries the link the invitation did, and says how many still wait.
    expect(linkIn(reminder, reviewPrefix())).toBe(priyaLink);
    expect(reminder.text).toMatch(
      /\d+ of \d+ people at Riverside NHS Foundation Trust still need/,
    );

    // Nothing for the lead who was not selected, in the outbox or at Resend.
    const queued = await connection.db
      .select({ to: emailOutbox.toEmail })
      .from(emailOutbox)
      .where(
        and(eq(emailOutbox.campaignId, campaignId), eq(emailOutbox.kind, "reminder")),
      );
    expect(queued).toEqual([{ to: fixture.lead.email }]);
    await admin.waitForTimeout(1_000);
    const reminders = (await sentMail()).slice(since).filter(isReminder);
    expect(reminders).toHaveLength(1);
  });

  it("revokes and reissues a lead's link: the old link refuses at once", async () => {
    await admin.getByRole("link", { name: fixture.trust.name }).click();
    await admin.getByRole("heading", { name: "Leads" }).waitFor();
    await expectWorks(priyaLink).then((page) => page.close());

    // Revoke: the emailed link stops working, and no new one is sent. (The
    // button, and with it its confirmation, goes once the page refreshes, so
    // the lead's link line is what tells the admin.)
    const beforeRevoke = await mailCount();
    await admin.getByRole("button", { name: "Revoke link" }).click();
    await admin.getByText("Link: none (revoked or never issued)").waitFor();
    await expectRefused(priyaLink);
    const sinceRevoke = (await sentMail()).slice(beforeRevoke);
    expect(sinceRevoke.filter(invitationTo(fixture.lead.email))).toEqual([]);

    // Issue a new one: emailed, and it works while the revoked one still refuses.
    let since = await mailCount();
    await leadAction(
      admin,
      "Issue a link and email it",
      "A new link is on its way; the old one no longer works.",
    );
    const issued = await invitationLink(fixture.lead.email, since);
    expect(issued).not.toBe(priyaLink);
    await expectRefused(priyaLink);
    await expectWorks(issued).then((page) => page.close());

    // Reissue the live one: the link just issued refuses, the newest works.
    await admin.reload();
    since = await mailCount();
    await leadAction(
      admin,
      "Reissue link and email it",
      "A new link is on its way; the old one no longer works.",
    );
    priyaLink = await invitationLink(fixture.lead.email, since);
    expect(priyaLink).not.toBe(issued);
    await expectRefused(issued);

    const links = await priyaLinks(campaignId);
    expect(links).toHaveLength(3);
    expect(links.filter((link) => link.revokedAt === null)).toHaveLength(1);
    expect(links.at(-1)?.revokedAt).toBeNull();

    // The newest link is the one that works: the lead answers through it.
    const lead = await expectWorks(priyaLink);
    await lead.getByLabel("Your name").fill(fixture.lead.fullName);
    await lead.getByRole("button", { name: "Save name" }).click();
    await lead.getByText("You are answering as").waitFor();
    const dev = lead.locator("li").filter({
      has: lead.getByRole("group", { name: "Your response for Dev Desai" }),
    });
    await dev.getByRole("radio", { name: "Works here", exact: true }).check();
    await dev.getByRole("button", { name: "Save Dev Desai" }).click();
    await dev.getByText("✓ Saved").waitFor();
  });

  it("exports the items as CSV with a byte-order mark", async () => {
    await admin.goto(`${appUrl()}/admin/campaigns/${campaignId}`);
    const [download] = await Promise.all([
      admin.waitForEvent("download"),
      admin.getByRole("link", { name: "Every item as CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`campaign-${campaignId}-items.csv`);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const rows: string[][] = parse(bytes.toString("utf8"), { bom: true });
    expect(rows[0]).toEqual([
      "Item",
      "User",
      "Email",
      "Organisation reviewed",
      "Employer shown",
      "Role shown",
      "Employer now",
      "Role now",
      "Response",
      "Responder",
      "Responded at (UK time)",
      "Access change applied",
    ]);
    const dev = rows.filter((row) => row[2] === "dev.desai@nhs.net");
    expect(dev).toHaveLength(1);
    expect(dev[0].slice(1)).toEqual([
      "Dev Desai",
      "dev.desai@nhs.net",
      fixture.trust.name,
      fixture.trust.name,
      "Consultant",
      fixture.trust.name,
      "Consultant",
      "works_here",
      fixture.lead.fullName,
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      "",
    ]);
  });
});
