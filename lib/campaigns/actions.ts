"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/auth/admin";
import { createCampaign } from "./create";
import { sendInvitations } from "./invitations";
import { openCampaign } from "./open";
import { campaignIdInput, createCampaignInput, sendInvitationsInput } from "./schemas";

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
