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
