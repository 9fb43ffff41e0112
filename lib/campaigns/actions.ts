"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/auth/admin";
import { closeCampaign } from "./close";
import { createCampaign } from "./create";
import { sendInvitations } from "./invitations";
import { addLead, changeLead, reissueAndSend, resendLink } from "./leads";
import { revokeLink } from "./links";
import { openCampaign } from "./open";
import { sendRemindersNow } from "./reminders";
import { updateReminderDays } from "./schedule";
import {
  addLeadInput,
  campaignIdInput,
  changeLeadInput,
  closeCampaignInput,
  createCampaignInput,
  reissueLinkInput,
  reminderDaysInput,
  remindNowInput,
  resendLinkInput,
  sendInvitationsInput,
} from "./schemas";

const campaignPath = (campaignId: number) => `/admin/campaigns/${campaignId}`;

export const createCampaignAction = adminAction(
  "campaigns.create",
  createCampaignInput,
  async (input, admin) => {
    const result = await createCampaign(input, admin);
    if (result.ok) revalidatePath("/admin/campaigns");
    return result;
  },
);

export const openCampaignAction = adminAction(
  "campaigns.open",
  campaignIdInput,
  async ({ campaignId }, admin) => {
    const result = await openCampaign(campaignId, admin);
    if (result.ok) revalidatePath(campaignPath(campaignId));
    return result;
  },
);

export const sendInvitationsAction = adminAction(
  "campaigns.sendInvitations",
  sendInvitationsInput,
  async ({ campaignId, leadIds }, admin) => {
    const result = await sendInvitations(campaignId, admin, { leadIds });
    if (result.ok) revalidatePath(campaignPath(campaignId));
    return result;
  },
);

export const remindNowAction = adminAction(
  "campaigns.remindNow",
  remindNowInput,
  async ({ campaignId, leadIds }, admin) => {
    const result = await sendRemindersNow(campaignId, admin, leadIds);
    if (result.ok) revalidatePath(campaignPath(campaignId));
    return result;
  },
);

export const revokeLinkAction = adminAction(
  "campaigns.revokeLink",
  reissueLinkInput,
  async ({ campaignId, leadId, linkId }, admin) => {
    const result = await revokeLink(campaignId, leadId, linkId, admin);
    if (result.ok) revalidatePath(campaignPath(campaignId), "layout");
    return result;
  },
);

export const reissueLinkAction = adminAction(
  "campaigns.reissueLink",
  reissueLinkInput,
  async ({ campaignId, leadId, linkId }, admin) => {
    const result = await reissueAndSend(campaignId, leadId, linkId, admin);
    if (result.ok) revalidatePath(campaignPath(campaignId), "layout");
    return result;
  },
);

export const resendLinkAction = adminAction(
  "campaigns.resendLink",
  resendLinkInput,
  async ({ campaignId, leadId, linkId, afterMessageId }, admin) => {
    const result = await resendLink(campaignId, leadId, linkId, afterMessageId, admin);
    if (result.ok) revalidatePath(campaignPath(campaignId), "layout");
    return result;
  },
);

export const changeLeadAction = adminAction(
  "campaigns.changeLead",
  changeLeadInput,
  async ({ campaignId, leadId, linkId, fullName, email }, admin) => {
    const change = { fullName, email };
    const result = await changeLead(campaignId, leadId, linkId, change, admin);
    if (result.ok) revalidatePath(campaignPath(campaignId), "layout");
    return result;
  },
);

export const addLeadAction = adminAction(
  "campaigns.addLead",
  addLeadInput,
  async ({ campaignId, organisationId, fullName, email }, admin) => {
    const result = await addLead(campaignId, organisationId, { fullName, email }, admin);
    if (result.ok) revalidatePath(campaignPath(campaignId), "layout");
    return result;
  },
);

export const closeCampaignAction = adminAction(
  "campaigns.close",
  closeCampaignInput,
  async ({ campaignId, unanswered }, admin) => {
    const result = await closeCampaign(campaignId, admin, unanswered);
    if (result.ok) revalidatePath(campaignPath(campaignId));
    return result;
  },
);

export const reminderDaysAction = adminAction(
  "campaigns.reminderDays",
  reminderDaysInput,
  async ({ campaignId, reminderDays }, admin) => {
    const result = await updateReminderDays(campaignId, reminderDays, admin);
    if (result.ok) revalidatePath(campaignPath(campaignId));
    return result;
  },
);
