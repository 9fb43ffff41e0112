"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/auth/admin";
import { fail } from "@/lib/result";
import { adminActor } from "./actor";
import { decideItems, decideItemsInput } from "./queue";
import { addRule, editRuleLabel, removeRule } from "./rules";
import { RunRefused, runAccess } from "./run";
import {
  addRuleInput,
  campaignAccessSettingsInput,
  editRuleLabelInput,
  removeRuleInput,
  startRunInput,
  undoChangeInput,
  undoRunInput,
} from "./schemas";
import { updateCampaignAccessSettings } from "./settings";
import { describeRefusal, RunStillGoing, undoChanges, undoRun } from "./undo";

const ACCESS_PATH = "/admin/access";

export const startRunAction = adminAction(
  "access.run",
  startRunInput,
  async (input, admin) => {
    try {
      const report = await runAccess({
        actor: adminActor(admin.email),
        dryRun: input.mode === "dry",
        confirmRunId: input.mode === "real" ? input.confirmRunId : undefined,
      });
      revalidatePath(ACCESS_PATH, "layout");
      return { ok: true, data: { runId: report.runId, status: report.status } };
    } catch (error) {
      if (error instanceof RunRefused) return fail(error.message);
      throw error;
    }
  },
);

export const undoChangeAction = adminAction(
  "access.undo_change",
  undoChangeInput,
  async ({ changeId }, admin) => {
    const result = await undoChanges([changeId], adminActor(admin.email));
    if (result.undone === 0) {
      const [refusal] = result.refused;
      return fail(
        refusal
          ? describeRefusal(refusal)
          : "Nothing was undone: the change was already undone.",
      );
    }
    revalidatePath(ACCESS_PATH, "layout");
    return { ok: true, data: result };
  },
);

export const undoRunAction = adminAction(
  "access.undo_run",
  undoRunInput,
  async ({ runId }, admin) => {
    try {
      const result = await undoRun(runId, adminActor(admin.email));
      revalidatePath(ACCESS_PATH, "layout");
      return { ok: true, data: result };
    } catch (error) {
      if (error instanceof RunStillGoing) return fail(error.message);
      throw error;
    }
  },
);

export const addRuleAction = adminAction(
  "access.rule_add",
  addRuleInput,
  async (input, admin) => {
    const result = await addRule(input, adminActor(admin.email));
    if (!result.ok) return fail(result.error, { suffix: [result.error] });
    revalidatePath(`${ACCESS_PATH}/rules`);
    return { ok: true, data: { id: result.id } };
  },
);

export const editRuleLabelAction = adminAction(
  "access.rule_label",
  editRuleLabelInput,
  async ({ ruleId, label }, admin) => {
    const changed = await editRuleLabel(ruleId, label, adminActor(admin.email));
    if (!changed) return fail("That rule no longer exists.");
    revalidatePath(`${ACCESS_PATH}/rules`);
    return { ok: true };
  },
);

export const removeRuleAction = adminAction(
  "access.rule_remove",
  removeRuleInput,
  async ({ ruleId }, admin) => {
    const removed = await removeRule(ruleId, adminActor(admin.email));
    if (!removed) return fail("That rule no longer exists.");
    revalidatePath(`${ACCESS_PATH}/rules`);
    return { ok: true };
  },
);

export const decideItemsAction = adminAction(
  "access.decide",
  decideItemsInput,
  async (input, admin) => {
    const result = await decideItems(input, adminActor(admin.email));
    revalidatePath(`${ACCESS_PATH}/queue`);
    return { ok: true, data: result };
  },
);

export const campaignAccessSettingsAction = adminAction(
  "access.campaign_settings",
  campaignAccessSettingsInput,
  async (input, admin) => {
    const saved = await updateCampaignAccessSettings(input, adminActor(admin.email));
    if (!saved) return fail("That campaign no longer exists.");
    revalidatePath(`/admin/campaigns/${input.campaignId}`);
    return { ok: true };
  },
);
