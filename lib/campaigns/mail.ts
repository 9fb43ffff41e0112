import { config } from "@/lib/config";
import { formatDeadline } from "@/lib/deadline";
import {
  type RenderedEmail,
  renderLeadInvitationEmail,
  renderReminderEmail,
} from "@/lib/mail/templates";
import { reviewUrl } from "./links";
import { linkToken } from "./token";

/** What a campaign email needs to know about the campaign. */
export interface CampaignForMail {
  id: number;
  name: string;
  deadlineAt: Date;
}

/** What it needs to know about one lead and their live link. */
export interface LeadForMail {
  linkId: number;
  leadId: number;
  organisationId: number;
  leadName: string;
  leadEmail: string;
  organisationName: string;
  userCount: number;
}

/** Idempotency keys: one invitation per campaign and lead, one per reissued link. */
export const invitationKey = (campaignId: number, leadId: number) =>
  `invitation:${campaignId}:${leadId}`;
export const resendKey = (campaignId: number, leadId: number, linkId: number) =>
  `invitation:${campaignId}:${leadId}:link-${linkId}`;
/** A live link emailed again: one message per link and per latest message the admin saw. */
export const resentLinkKey = (
  campaignId: number,
  leadId: number,
  linkId: number,
  afterMessageId: number,
) => `invitation:${campaignId}:${leadId}:link-${linkId}:resent-after-${afterMessageId}`;
export const reminderKey = (campaignId: number, leadId: number, step: string) =>
  `reminder:${campaignId}:${leadId}:${step}`;

function commonProps(campaign: CampaignForMail, lead: LeadForMail) {
  return {
    leadName: lead.leadName,
    organisationName: lead.organisationName,
    campaignName: campaign.name,
    deadline: formatDeadline(campaign.deadlineAt),
    reviewUrl: reviewUrl(linkToken(lead.linkId)),
    userCount: lead.userCount,
    supportEmail: config().SUPPORT_EMAIL,
  };
}

export function renderInvitation(
  campaign: CampaignForMail,
  lead: LeadForMail,
): Promise<RenderedEmail> {
  return renderLeadInvitationEmail(commonProps(campaign, lead));
}

export function renderReminder(
  campaign: CampaignForMail,
  lead: LeadForMail,
  waiting: { remaining: number; daysLeft: number },
): Promise<RenderedEmail> {
  return renderReminderEmail({ ...commonProps(campaign, lead), ...waiting });
}

/*
 * Mail merge. Rendering one email with React Email takes ~15 ms, so 10,000
 * invitations would take minutes. Emails differ per lead only in the lead's
 * name, the organisation's name and the link, and per organisation size in
 * wording ("1 person" / "12 people"); so each size is rendered once with
 * placeholders, and each lead's copy is filled in, escaped as React would.
 * A test checks that a filled copy equals a direct render, except for the
 * invisible padding React Email puts after the preview line, whose length
 * follows the preview's.
 */
const HOLE = { leadName: "zqLEADzq", organisationName: "zqORGzq", token: "zqTOKENzq" };

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#x27;",
};
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

function fill(template: RenderedEmail, lead: LeadForMail): RenderedEmail {
  const swap = (text: string, encode: (value: string) => string) =>
    text
      .split(HOLE.leadName)
      .join(encode(lead.leadName))
      .split(HOLE.organisationName)
      .join(encode(lead.organisationName))
      .split(HOLE.token)
      .join(linkToken(lead.linkId));
  return {
    subject: swap(template.subject, (value) => value),
    html: swap(template.html, escapeHtml),
    text: swap(template.text, (value) => value),
  };
}

/** Renders invitations for many leads of one campaign, once per organisation size. */
export function invitationMerger(campaign: CampaignForMail) {
  const templates = new Map<number, Promise<RenderedEmail>>();
  return async (lead: LeadForMail): Promise<RenderedEmail> => {
    let template = templates.get(lead.userCount);
    if (!template) {
      template = renderLeadInvitationEmail({
        ...commonProps(campaign, lead),
        leadName: HOLE.leadName,
        organisationName: HOLE.organisationName,
        reviewUrl: reviewUrl(HOLE.token),
      });
      templates.set(lead.userCount, template);
    }
    return fill(await template, lead);
  };
}
