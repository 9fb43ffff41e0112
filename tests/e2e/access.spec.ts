import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Connection, connectPostgres } from "@/lib/db/client";
import {
  accessChanges,
  accessDecisions,
  accessRunItems,
  auditEvents,
  campaigns,
  organisations,
  reviewItems,
  subscriberLeads,
  users,
} from "@/lib/db/schema";
import { deadlineFromDate } from "@/lib/deadline";
import { launchBrowser } from "./support/browser";
import { fixture } from "./support/fixture";
import { sentMail } from "./support/mail";

/**
 * Access changes in real Chromium, as an admin: a preview that changes
 * nothing, a run that applies exactly what it showed, undo of one change and
 * of the whole run, decisions on the manual queue one by one and in bulk,
 * and the safety brake with its confirmation. Works on its own
 * organisations, people and campaigns, removed afterwards; runs are global,
 * so every assertion is about this file's own people only.
 */

const tag = `ax${Date.now().toString(36)}`;
const HOUR = 3_600_000;
const answeredLongAgo = new Date(Date.now() - 48 * HOUR);
const lastSignIn = new Date("2026-11-02T09:30:00Z");

type Response = "works_here" | "left" | "unknown";
interface Person {
  key: string;
  fullName: string;
  email: string;
  response: Response;
  respondedAt?: Date;
  lastSignInAt?: Date;
}

const person = (
  key: string,
  fullName: string,
  email: string,
  response: Response,
  extra: Partial<Person> = {},
): Person => ({ key, fullName, email, response, ...extra });

/** Campaign A: three due downgrades among enough people that the brake holds. */
const peopleA: Person[] = [
  person("dana", `Dana Down ${tag}`, `dana.${tag}@nhs.net`, "left"),
  person("eddy", `Eddy Down ${tag}`, `eddy.${tag}@riverside.nhs.uk`, "unknown"),
  person("fern", `Fern Down ${tag}`, `Fern.${tag}@NHS.NET`, "left"),
  person("gil", `Gil Grace ${tag}`, `gil.${tag}@nhs.net`, "left", {
    respondedAt: new Date(Date.now() - HOUR),
  }),
  person("lena", `Lena Lead ${tag}`, `lena.${tag}@nhs.net`, "left"),
  person("ivan", `Ivan Invalid ${tag}`, `ivan@two.${tag}@nhs.net`, "unknown"),
  person("lucy", `Lucy Lookalike ${tag}`, `lucy.${tag}@nhs.net.example.com`, "left"),
  person("quinn", `Quinn Gmail ${tag}`, `quinn.${tag}@gmail.com`, "left", {
    lastSignInAt: lastSignIn,
  }),
  person("rosa", `Rosa Company ${tag}`, `rosa.${tag}@acme-health.co.uk`, "unknown"),
  person("sam", `Sam Gmail ${tag}`, `sam.${tag}@gmail.com`, "unknown"),
  person("tara", `Tara Company ${tag}`, `tara.${tag}@acme-health.co.uk`, "left"),
  person("uma", `Uma Gmail ${tag}`, `uma.${tag}@gmail.com`, "left"),
  ...Array.from({ length: 8 }, (_, i) =>
    person(`stay${i}`, `Stay ${i} ${tag}`, `stay${i}.${tag}@nhs.net`, "works_here"),
  ),
];

/** Campaign B: two of five would be downgraded, over the 20% brake. */
const peopleB: Person[] = [
  person("vic", `Vic Brake ${tag}`, `vic.${tag}@nhs.net`, "left"),
  person("wes", `Wes Brake ${tag}`, `wes.${tag}@nhs.net`, "unknown"),
  ...Array.from({ length: 3 }, (_, i) =>
    person(`keepb${i}`, `Keep B${i} ${tag}`, `keepb${i}.${tag}@nhs.net`, "works_here"),
  ),
];

const campaignA = `Access E2E A ${tag}`;
const campaignB = `Access E2E B ${tag}`;
const ADMIN_ACTOR = `admin:${fixture.admin}`;

let connection: Connection;
let browser: Browser;
let page: Page;
const appUrl = () => inject("appUrl");
const made = {
  campaignIds: [] as number[],
  orgIds: [] as number[],
  userIds: [] as number[],
};
/** key → { userId, itemId } */
const ids = new Map<string, { userId: number; itemId: number }>();
const idOf = (key: string) => ids.get(key)!.userId;
const itemOf = (key: string) => ids.get(key)!.itemId;
const byName = (key: string) => [...peopleA, ...peopleB].find((p) => p.key === key)!;

beforeAll(async () => {
  connection = connectPostgres(inject("databaseUrl"), 2);
  await makeCampaign(campaignA, `Access E2E Trust A ${tag}`, peopleA, ["lena"]);
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  await signInAsAdmin(page);
});

afterAll(async () => {
  await browser?.close();
  const db = connection.db;
  if (made.campaignIds.length)
    await db.delete(campaigns).where(inArray(campaigns.id, made.campaignIds));
  if (made.userIds.length) {
    await db.delete(accessRunItems).where(inArray(accessRunItems.userId, made.userIds));
    await db.delete(users).where(inArray(users.id, made.userIds));
  }
  if (made.orgIds.length)
    await db.delete(organisations).where(inArray(organisations.id, made.orgIds));
  await connection.close();
});

/** An open campaign over one subscribing organisation whose people have answered. */
async function makeCampaign(
  name: string,
  orgName: string,
  people: Person[],
  leadKeys: string[] = [],
): Promise<number> {
  const db = connection.db;
  const deadlineDate = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const [campaign] = await db
    .insert(campaigns)
    .values({
      name,
      deadlineDate,
      deadlineAt: deadlineFromDate(deadlineDate),
      status: "open",
      openedAt: new Date(Date.now() - 72 * HOUR),
    })
    .returning({ id: campaigns.id });
  made.campaignIds.push(campaign.id);
  const [org] = await db
    .insert(organisations)
    .values({
      code: `${tag}${made.orgIds.length}`.toUpperCase(),
      name: orgName,
      isSubscriber: true,
    })
    .returning({ id: organisations.id });
  made.orgIds.push(org.id);
  const created = await db
    .insert(users)
    .values(
      people.map((p) => ({
        fullName: p.fullName,
        email: p.email,
        organisationId: org.id,
        lastSignInAt: p.lastSignInAt ?? null,
      })),
    )
    .returning({ id: users.id, email: users.email });
  made.userIds.push(...created.map((u) => u.id));
  const items = await db
    .insert(reviewItems)
    .values(
      people.map((p) => ({
        campaignId: campaign.id,
        organisationId: org.id,
        userId: created.find((u) => u.email === p.email)!.id,
        shownOrganisationId: org.id,
        shownAccessLevel: "subscriber" as const,
        response: p.response,
        respondedAt: p.respondedAt ?? answeredLongAgo,
        responderName: `Lead of ${orgName}`,
        version: 1,
      })),
    )
    .returning({ id: reviewItems.id, userId: reviewItems.userId });
  for (const p of people) {
    const userId = created.find((u) => u.email === p.email)!.id;
    ids.set(p.key, { userId, itemId: items.find((i) => i.userId === userId)!.id });
  }
  await db.insert(subscriberLeads).values([
    {
      organisationId: org.id,
      fullName: `Lead of ${orgName}`,
      email: `lead.${tag}@nhs.net`,
    },
    ...leadKeys.map((key) => ({
      organisationId: org.id,
      fullName: byName(key).fullName,
      email: byName(key).email,
    })),
  ]);
  return campaign.id;
}

/** Signs in through the emailed link; waits for a new message, not an old one. */
async function signInAsAdmin(admin: Page) {
  const before = (await sentMail()).length;
  await admin.goto(`${appUrl()}/sign-in`);
  await admin.getByLabel("Email address").fill(fixture.admin);
  await admin.getByRole("button", { name: "Send sign-in link" }).click();
  await admin.waitForURL(/\/sign-in\/check-email/);
  const prefix = `${appUrl()}/sign-in/confirm`;
  const deadline = Date.now() + 20_000;
  let link: string | undefined;
  while (!link && Date.now() < deadline) {
    link = (await sentMail())
      .slice(before)
      .filter((m) => m.to.includes(fixture.admin))
      .flatMap((m) => m.text?.match(/https?:\/\/\S+/g) ?? [])
      .find((l) => l.startsWith(prefix));
    if (!link) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!link) throw new Error("No new sign-in mail for the admin");
  await admin.goto(link);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await admin.waitForURL(/\/admin\//);
}

async function levels(keys: string[]): Promise<Record<string, string>> {
  const rows = await connection.db
    .select({ id: users.id, accessLevel: users.accessLevel })
    .from(users)
    .where(
      inArray(
        users.id,
        keys.map((k) => idOf(k)),
      ),
    );
  return Object.fromEntries(
    keys.map((k) => [k, rows.find((r) => r.id === idOf(k))!.accessLevel]),
  );
}

const allKeys = (people: Person[]) => people.map((p) => p.key);

async function changesFor(keys: string[]) {
  return connection.db
    .select()
    .from(accessChanges)
    .where(
      inArray(
        accessChanges.userId,
        keys.map((k) => idOf(k)),
      ),
    )
    .orderBy(accessChanges.id);
}

const keyOfUser = (userId: number) =>
  [...ids.entries()].find(([, v]) => v.userId === userId)![0];

/** The body rows of the first table in a region, as lists of cell texts. */
async function tableRows(region: Page | Locator): Promise<string[][]> {
  return region
    .locator("table")
    .first()
    .locator("tbody tr")
    .evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll("td")].map(
          // biome-ignore lint/performance/useDomNodeTextContent: <br> must read as a line break
          (td) => (td as HTMLElement).innerText.trim(),
        ),
      ),
    );
}

const section = (title: string) =>
  page.locator("section").filter({ has: page.getByRole("heading", { name: title }) });

/** Submits one of the forms on an access page and follows its link to the new run. */
async function startRun(button: string): Promise<number> {
  const form = page
    .locator("form")
    .filter({ has: page.getByRole("button", { name: button }) });
  await form.getByRole("button", { name: button }).click();
  const link = form.getByRole("link", { name: /See run \d+/ });
  await link.waitFor();
  const runId = Number(((await link.textContent()) ?? "").match(/\d+/)![0]);
  await link.click();
  await page.waitForURL(new RegExp(`/admin/access/runs/${runId}$`));
  return runId;
}

describe("access changes, as an admin", () => {
  let realRunId = 0;

  it("previews a run that shows exactly who would change and changes nothing", async () => {
    const levelsBefore = await levels(allKeys(peopleA));
    expect(Object.values(levelsBefore).every((l) => l === "subscriber")).toBe(true);

    await page.goto(`${appUrl()}/admin/access`);
    await page.getByRole("heading", { name: "Access changes" }).waitFor();
    const runId = await startRun("Preview a run (changes nothing)");
    await page
      .getByRole("heading", { name: new RegExp(`^Preview ${runId}: finished`) })
      .waitFor();

    const mine = (await tableRows(section("Who would change, and why"))).filter(
      (cells) => cells[4] === campaignA,
    );
    const outcome = (email: string) => mine.find((c) => c[1] === email);
    expect(
      mine
        .filter((c) => c[5].startsWith("Downgrade"))
        .map((c) => c[1])
        .sort(),
    ).toEqual([byName("dana").email, byName("eddy").email, byName("fern").email].sort());
    expect(outcome(byName("dana").email)).toEqual([
      byName("dana").fullName,
      byName("dana").email,
      "left",
      "nhs.net",
      campaignA,
      "Downgrade: left or unknown, recognised domain",
    ]);
    expect(outcome(byName("eddy").email)?.slice(2, 4)).toEqual(["unknown", "nhs.uk"]);
    expect(outcome(byName("fern").email)?.[3]).toBe("nhs.net");
    // In the grace period, or confirmed as working here: not in the plan at all.
    for (const key of ["gil", "stay0", "stay7"]) {
      expect(outcome(byName(key).email)).toBeUndefined();
    }
    expect(outcome(byName("lena").email)?.[5]).toBe("Flagged: this person is a lead");
    expect(outcome(byName("ivan").email)?.[5]).toBe("Not a valid email address");
    expect(outcome(byName("lucy").email)?.[5]).toBe("Domain not recognised");
    expect(outcome(byName("quinn").email)?.[5]).toBe("Domain not recognised");

    expect(await levels(allKeys(peopleA))).toEqual(levelsBefore);
    expect(await changesFor(allKeys(peopleA))).toEqual([]);
  });

  it("runs, applying exactly the previewed downgrades", async () => {
    await page.goto(`${appUrl()}/admin/access`);
    realRunId = await startRun("Run now");
    // Runs are global: another spec's campaign left over the brake would stop
    // this one too. Say so plainly rather than time out on the heading.
    const heading = page.getByRole("heading", {
      name: new RegExp(`^Run ${realRunId}: `),
    });
    expect(await heading.textContent(), "another campaign tripped the brake").toBe(
      `Run ${realRunId}: finished`,
    );

    expect(await levels(allKeys(peopleA))).toEqual({
      ...Object.fromEntries(allKeys(peopleA).map((k) => [k, "subscriber"])),
      dana: "non_subscriber",
      eddy: "non_subscriber",
      fern: "non_subscriber",
    });
    const changes = await changesFor(allKeys(peopleA));
    expect(
      changes
        .map((c) => ({
          who: keyOfUser(c.userId),
          runId: c.runId,
          from: c.fromLevel,
          to: c.toLevel,
          reason: c.reason,
          rule: c.ruleSuffix,
          item: c.reviewItemId,
          actor: c.actor,
        }))
        .sort((a, b) => a.who.localeCompare(b.who)),
    ).toEqual(
      [
        ["dana", "response_left", "nhs.net"],
        ["eddy", "response_unknown", "nhs.uk"],
        ["fern", "response_left", "nhs.net"],
      ].map(([who, reason, rule]) => ({
        who,
        runId: realRunId,
        from: "subscriber",
        to: "non_subscriber",
        reason,
        rule,
        item: itemOf(who),
        actor: ADMIN_ACTOR,
      })),
    );

    const shown = (await tableRows(section("Changes made"))).filter(
      (cells) => cells[5] === campaignA,
    );
    expect(shown.map((c) => [c[1], c[2]]).sort()).toEqual(
      ["dana", "eddy", "fern"]
        .map((k) => [byName(k).email, "subscriber → non_subscriber"])
        .sort(),
    );
  });

  it("undoes one change, then the rest of the run, and records each undo", async () => {
    await page.goto(`${appUrl()}/admin/access/runs/${realRunId}`);
    const danaRow = page.getByRole("row").filter({ hasText: byName("dana").email });
    await danaRow.getByRole("button", { name: "Undo", exact: true }).click();
    await danaRow.getByText(`by ${ADMIN_ACTOR}`).waitFor();
    expect(await levels(["dana", "eddy", "fern"])).toEqual({
      dana: "subscriber",
      eddy: "non_subscriber",
      fern: "non_subscriber",
    });

    await page.getByRole("button", { name: "Undo every change in this run" }).click();
    for (const key of ["eddy", "fern"]) {
      await page
        .getByRole("row")
        .filter({ hasText: byName(key).email })
        .getByText(`by ${ADMIN_ACTOR}`)
        .waitFor();
    }
    expect(await levels(allKeys(peopleA))).toEqual(
      Object.fromEntries(allKeys(peopleA).map((k) => [k, "subscriber"])),
    );

    const changes = await changesFor(["dana", "eddy", "fern"]);
    const originals = changes.filter((c) => c.runId === realRunId);
    const undos = changes.filter((c) => c.reason === "undo");
    expect(originals).toHaveLength(3);
    expect(originals.every((c) => c.revertedAt && c.revertedBy === ADMIN_ACTOR)).toBe(
      true,
    );
    expect(
      undos
        .map((u) => ({
          who: keyOfUser(u.userId),
          from: u.fromLevel,
          to: u.toLevel,
          reverts: u.revertsId,
          actor: u.actor,
        }))
        .sort((a, b) => a.who.localeCompare(b.who)),
    ).toEqual(
      originals
        .map((o) => ({
          who: keyOfUser(o.userId),
          from: "non_subscriber",
          to: "subscriber",
          reverts: o.id,
          actor: ADMIN_ACTOR,
        }))
        .sort((a, b) => a.who.localeCompare(b.who)),
    );
    const audits = await connection.db
      .select({ entityId: auditEvents.entityId, data: auditEvents.data })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "access.undo"),
          eq(auditEvents.actorId, fixture.admin),
        ),
      );
    const danaChange = originals.find((c) => c.userId === idOf("dana"))!;
    expect(audits).toContainEqual({
      entityId: null,
      data: { changeIds: [danaChange.id], undone: 1, skipped: 0 },
    });
    expect(audits).toContainEqual({
      entityId: `run:${realRunId}`,
      data: { runId: realRunId, undone: 2, skipped: 0 },
    });
  });

  it("shows the manual queue with the lead's answer, and refuses an empty choice", async () => {
    await page.goto(`${appUrl()}/admin/access/queue`);
    const queue = section("Marked as left or unknown, not downgraded automatically");
    await queue.getByRole("table").waitFor();
    const mine = (await tableRows(queue)).filter((cells) =>
      cells[6]?.startsWith(campaignA),
    );
    const row = (key: string) => mine.find((c) => c[1].includes(byName(key).email));
    expect(mine.map((c) => c[1].split("\n")[0]).sort()).toEqual(
      ["lena", "ivan", "lucy", "quinn", "rosa", "sam", "tara", "uma"]
        .map((k) => byName(k).fullName)
        .sort(),
    );
    const quinn = row("quinn")!;
    expect(quinn[2]).toBe("gmail.com");
    expect(quinn[3]).toBe("Domain not recognised");
    expect(quinn[4]).toMatch(
      new RegExp(`^No longer works here\\nLead of Access E2E Trust A ${tag}, `),
    );
    expect(quinn[5]).toBe("2 Nov 2026, 09:30");
    expect(row("rosa")![2]).toBe("acme-health.co.uk");
    expect(row("rosa")![4]).toMatch(/^Does not know this person\n/);
    expect(row("rosa")![5]).toBe("—");
    expect(row("lena")![3]).toBe("Flagged: this person is a lead");
    expect(row("ivan")![3]).toBe("Not a valid email address: two @ signs");

    // Nobody ticked: a clear refusal, and nothing recorded.
    await queue.getByRole("button", { name: "Apply to ticked people" }).click();
    const alert = queue.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe("Choose at least one person.");
    expect(await decisionsFor(allKeys(peopleA))).toEqual({});
  });

  it("downgrades, keeps and defers one by one, and in bulk", async () => {
    const queue = section("Marked as left or unknown, not downgraded automatically");
    const decide = async (keys: string[], choice: string, deferDays?: string) => {
      for (const key of keys) {
        await queue
          .getByRole("checkbox", { name: `Choose ${byName(key).fullName}` })
          .check();
      }
      await queue.getByRole("radio", { name: choice }).check();
      if (deferDays) await queue.getByLabel("Days to defer").fill(deferDays);
      await queue.getByRole("button", { name: "Apply to ticked people" }).click();
      for (const key of keys) {
        await queue
          .getByRole("checkbox", { name: `Choose ${byName(key).fullName}` })
          .waitFor({ state: "detached" });
      }
    };

    await decide(["quinn"], "Downgrade to non-subscriber");
    await decide(["rosa"], "Keep access as it is");
    const deferredAt = Date.now();
    await decide(["sam"], "Defer the decision", "14");
    await decide(["tara", "uma", "lucy"], "Downgrade to non-subscriber");
    await decide(["lena", "ivan"], "Keep access as it is");

    const decisions = await decisionsFor(allKeys(peopleA));
    expect(
      Object.fromEntries(Object.entries(decisions).map(([k, d]) => [k, d.decision])),
    ).toEqual({
      quinn: "downgrade",
      rosa: "keep",
      sam: "defer",
      tara: "downgrade",
      uma: "downgrade",
      lucy: "downgrade",
      lena: "keep",
      ivan: "keep",
    });
    expect(Object.values(decisions).every((d) => d.decidedBy === ADMIN_ACTOR)).toBe(true);
    const deferUntil = decisions.sam.deferUntil!.getTime();
    expect(deferUntil).toBeGreaterThanOrEqual(deferredAt + 14 * 86_400_000 - 60_000);
    expect(deferUntil).toBeLessThanOrEqual(Date.now() + 14 * 86_400_000 + 60_000);
    expect(decisions.rosa.deferUntil).toBeNull();

    expect(await levels(allKeys(peopleA))).toEqual({
      ...Object.fromEntries(allKeys(peopleA).map((k) => [k, "subscriber"])),
      quinn: "non_subscriber",
      tara: "non_subscriber",
      uma: "non_subscriber",
      lucy: "non_subscriber",
    });
    const adminChanges = (await changesFor(allKeys(peopleA))).filter(
      (c) => c.reason === "admin_decision",
    );
    expect(
      adminChanges
        .map((c) => [
          keyOfUser(c.userId),
          c.fromLevel,
          c.toLevel,
          c.reviewItemId,
          c.actor,
        ])
        .sort(),
    ).toEqual(
      ["lucy", "quinn", "tara", "uma"].map((k) => [
        k,
        "subscriber",
        "non_subscriber",
        itemOf(k),
        ADMIN_ACTOR,
      ]),
    );

    // Decided people stay off the queue after a fresh load.
    await page.reload();
    const left = (await tableRows(queue)).filter((cells) =>
      cells[6]?.startsWith(campaignA),
    );
    expect(left).toEqual([]);
  });

  it("stops at the safety brake, changes nothing, and applies after confirmation", async () => {
    await makeCampaign(campaignB, `Access E2E Trust B ${tag}`, peopleB);
    const before = await levels([...allKeys(peopleA), ...allKeys(peopleB)]);

    await page.goto(`${appUrl()}/admin/access`);
    const brakedId = await startRun("Run now");
    await page
      .getByRole("heading", {
        name: new RegExp(`^Run ${brakedId}: stopped at the brake`),
      })
      .waitFor();
    const brake = section("Stopped by the safety brake");
    await brake
      .getByText(
        `${campaignB}: 2 of 5 people would be downgraded, more than the 20% allowed without confirmation.`,
      )
      .waitFor();
    expect(await brake.getByText(campaignA).count()).toBe(0);
    // The plan shown: campaign B's two; the people whose downgrade was undone stay held.
    const plan = (await tableRows(section("Who would change, and why"))).filter(
      (cells) => cells[4] === campaignA || cells[4] === campaignB,
    );
    expect(
      plan
        .filter((c) => c[5].startsWith("Downgrade"))
        .map((c) => c[1])
        .sort(),
    ).toEqual([byName("vic").email, byName("wes").email].sort());
    expect(await levels([...allKeys(peopleA), ...allKeys(peopleB)])).toEqual(before);
    expect(await changesFor(allKeys(peopleB))).toEqual([]);

    // The access page says so too, until someone confirms.
    await page.goto(`${appUrl()}/admin/access`);
    const waiting = section("Campaigns waiting for your confirmation");
    await waiting.getByText(`${campaignB}: 2 of 5 people would be downgraded`).waitFor();
    await waiting
      .getByRole("link", { name: `Check run ${brakedId} and confirm` })
      .click();
    await page.waitForURL(new RegExp(`/admin/access/runs/${brakedId}$`));

    // Once confirmed, the braked run's page points to the run that went ahead.
    await page
      .getByRole("button", {
        name: "I have checked the list below: run with these campaigns confirmed",
      })
      .click();
    const next = section("Stopped by the safety brake").getByRole("link", {
      name: /^see run \d+$/,
    });
    await next.waitFor();
    const confirmedId = Number(((await next.textContent()) ?? "").match(/\d+/)![0]);
    await next.click();
    expect(confirmedId).not.toBe(brakedId);
    await page
      .getByRole("heading", { name: new RegExp(`^Run ${confirmedId}: finished`) })
      .waitFor();
    expect(await levels([...allKeys(peopleA), ...allKeys(peopleB)])).toEqual({
      ...before,
      vic: "non_subscriber",
      wes: "non_subscriber",
    });
    const changes = await changesFor(allKeys(peopleB));
    expect(changes.map((c) => [keyOfUser(c.userId), c.runId, c.reason]).sort()).toEqual([
      ["vic", confirmedId, "response_left"],
      ["wes", confirmedId, "response_unknown"],
    ]);
    expect(
      await connection.db
        .select({ id: accessChanges.id })
        .from(accessChanges)
        .where(and(eq(accessChanges.runId, brakedId), isNull(accessChanges.revertedAt))),
    ).toEqual([]);
  });

  it("finds a change by email on the list of every change and undoes it there", async () => {
    await page.goto(`${appUrl()}/admin/access/changes`);
    await page.getByLabel("Email contains").fill(`VIC.${tag}`);
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/[?&]q=/);
    const rows = page.getByRole("row").filter({ hasText: byName("vic").email });
    expect(await rows.count()).toBe(1);
    expect(
      await page
        .getByRole("row")
        .filter({ hasText: byName("wes").email })
        .count(),
    ).toBe(0);
    await rows.getByRole("button", { name: "Undo", exact: true }).click();
    await page
      .getByRole("row")
      .filter({ hasText: "Undo of an earlier change" })
      .first()
      .waitFor();
    expect(await levels(["vic", "wes"])).toEqual({
      vic: "subscriber",
      wes: "non_subscriber",
    });
  });

  it("sets a campaign's grace period and brake share on its page", async () => {
    const campaignId = made.campaignIds[0];
    await page.goto(`${appUrl()}/admin/campaigns/${campaignId}`);
    const form = page.getByRole("form", { name: "Access settings" });
    await form.getByLabel("Grace period (hours)").fill("721");
    await form.getByRole("button", { name: "Save access settings" }).click();
    await form
      .getByText("Keep the grace period to 720 hours (30 days) or less.")
      .waitFor();

    await form.getByLabel("Grace period (hours)").fill("48");
    await form.getByLabel("Safety brake (% of the campaign's users)").fill("35");
    await form.getByRole("button", { name: "Save access settings" }).click();
    await form.getByText("Access settings saved.").waitFor();
    const [row] = await connection.db
      .select({ graceHours: campaigns.graceHours, brakePercent: campaigns.brakePercent })
      .from(campaigns)
      .where(eq(campaigns.id, campaignId));
    expect(row).toEqual({ graceHours: 48, brakePercent: 35 });
    const [event] = await connection.db
      .select({ actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "campaign.access_settings_changed"),
          eq(auditEvents.campaignId, campaignId),
        ),
      );
    expect(event).toEqual({ actorId: fixture.admin });
  });
});

async function decisionsFor(keys: string[]) {
  const rows = await connection.db
    .select({
      itemId: accessDecisions.reviewItemId,
      decision: accessDecisions.decision,
      decidedBy: accessDecisions.decidedBy,
      deferUntil: accessDecisions.deferUntil,
    })
    .from(accessDecisions)
    .where(
      inArray(
        accessDecisions.reviewItemId,
        keys.map((k) => itemOf(k)),
      ),
    );
  return Object.fromEntries(
    rows.map((r) => [keys.find((k) => itemOf(k) === r.itemId)!, r]),
  ) as Record<string, (typeof rows)[number]>;
}
