import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { Webhook } from "svix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as webhook } from "@/app/api/webhooks/resend/route";
import { needsALead } from "@/lib/campaigns/detail";
import { sendInvitations } from "@/lib/campaigns/invitations";
import { changeLead } from "@/lib/campaigns/leads";
import { openCampaign } from "@/lib/campaigns/open";
import { sendRemindersNow } from "@/lib/campaigns/reminders";
import { emailOutbox, reviewLinks } from "@/lib/db/schema";
import { drainOutbox, outboxIdle } from "@/lib/mail/worker";
import { forgetResend, useFakeResend } from "../mail/support";
import { getDb, withTestDatabase } from "../support/db";
import { makeCampaign, makeLead, makeOrganisation, makeUser } from "../support/factories";
import type { FakeResend } from "../support/fake-resend";
import { admin, makeSubscriber } from "./helpers";

withTestDatabase();

const secret = `whsec_${Buffer.from("needs-a-lead signing secret, 32!").toString("base64")}`;
const REFUSED = "The address was refused by Resend.";
let fake: FakeResend;

beforeAll(async () => {
  fake = await useFakeResend({
    rejectAddress: (address) => (address.startsWith("refused.") ? REFUSED : null),
  });
  process.env.RESEND_WEBHOOK_SECRET = secret;
});
afterAll(async () => {
  forgetResend();
  delete process.env.RESEND_WEBHOOK_SECRET;
  await fake.close();
});

/** Posts a signed Resend event about one message to the webhook route. */
async function resendSays(type: string, emailId: string, extra: object = {}) {
  const id = `msg_${randomUUID()}`;
  const body = JSON.stringify({
    type,
    created_at: new Date().toISOString(),
    data: { email_id: emailId, ...extra },
  });
  const now = new Date();
  const response = await webhook(
    new Request("http://localhost:3000/api/webhooks/resend", {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "svix-id": id,
        "svix-timestamp": String(Math.floor(now.getTime() / 1000)),
        "svix-signature": new Webhook(secret).sign(id, now, body),
      },
    }),
  );
  expect(await response.json()).toMatchObject({ ok: true, updated: 1 });
}

async function providerId(campaignId: number, leadId: number, kind: string) {
  const [row] = await getDb()
    .select({ id: emailOutbox.providerMessageId })
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.campaignId, campaignId),
        eq(emailOutbox.leadId, leadId),
        eq(emailOutbox.kind, kind),
      ),
    );
  if (!row?.id) throw new Error(`no ${kind} was sent to lead ${leadId}`);
  return row.id;
}

describe("needs a lead", () => {
  it("lists an organisation with no lead, and leads whose mail failed, bounced or drew a complaint", async () => {
    const fine = await makeSubscriber(1, 1);
    const refused = await makeSubscriber(2, 1);
    const bounced = await makeSubscriber(3, 1);
    const complained = await makeSubscriber(4, 1);
    const refusedLead = await makeLead(refused.organisation.id, {
      email: `refused.${randomUUID()}@nhs.net`,
    });
    const leaderless = await makeOrganisation({
      isSubscriber: true,
      name: "Zed Practice",
    });
    await makeUser({ organisationId: leaderless.id });
    const campaign = await makeCampaign();
    await openCampaign(campaign.id, admin);
    await sendInvitations(campaign.id, admin);
    await outboxIdle();
    await drainOutbox();
    // The bounce comes on a reminder; the invitation was delivered.
    await sendRemindersNow(campaign.id, admin, [bounced.leads[0].id]);
    await outboxIdle();
    await drainOutbox();
    const bouncedLead = bounced.leads[0].id;
    await resendSays(
      "email.delivered",
      await providerId(campaign.id, bouncedLead, "invitation"),
    );
    await resendSays(
      "email.bounced",
      await providerId(campaign.id, bouncedLead, "reminder"),
      {
        bounce: { message: "Mailbox full" },
      },
    );
    await resendSays(
      "email.complained",
      await providerId(campaign.id, complained.leads[0].id, "invitation"),
    );

    const rows = await needsALead(campaign.id);

    const byOrg = (id: number) => rows.filter((row) => row.organisationId === id);
    expect(byOrg(fine.organisation.id)).toEqual([]);
    // The refused lead fails; the organisation's other lead is fine and not listed.
    expect(byOrg(refused.organisation.id)).toEqual([
      expect.objectContaining({
        leadId: refusedLead.id,
        reason: "failed",
        detail: REFUSED,
        users: 2,
      }),
    ]);
    expect(byOrg(bounced.organisation.id)).toEqual([
      expect.objectContaining({
        leadId: bouncedLead,
        reason: "bounced",
        detail: "Mailbox full",
      }),
    ]);
    expect(byOrg(complained.organisation.id)).toEqual([
      expect.objectContaining({ leadId: complained.leads[0].id, reason: "complained" }),
    ]);
    expect(byOrg(leaderless.id)).toEqual([
      expect.objectContaining({ reason: "no_lead", leadId: null, users: 1 }),
    ]);
  });

  it("a corrected address takes the lead off the list", async () => {
    const bounced = await makeSubscriber(1, 1);
    const campaign = await makeCampaign();
    await openCampaign(campaign.id, admin);
    await sendInvitations(campaign.id, admin);
    await outboxIdle();
    await drainOutbox();
    const lead = bounced.leads[0];
    await resendSays(
      "email.bounced",
      await providerId(campaign.id, lead.id, "invitation"),
    );
    expect((await needsALead(campaign.id)).map((row) => row.leadId)).toContain(lead.id);

    const [link] = await getDb()
      .select({ id: reviewLinks.id })
      .from(reviewLinks)
      .where(
        and(eq(reviewLinks.campaignId, campaign.id), eq(reviewLinks.leadId, lead.id)),
      );
    const fixed = await changeLead(
      campaign.id,
      lead.id,
      link.id,
      { fullName: lead.fullName, email: "right@nhs.net" },
      admin,
    );
    expect(fixed.ok).toBe(true);
    await outboxIdle();

    expect((await needsALead(campaign.id)).map((row) => row.leadId)).not.toContain(
      lead.id,
    );
  });
});
