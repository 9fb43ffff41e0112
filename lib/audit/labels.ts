import { RESPONSE_LABELS, type Response } from "@/lib/review/labels";

/** What each audited action is called on admin pages. */
const ACTION_LABELS: Record<string, string> = {
  "review.respond": "Answered",
  "review.bulk_respond": "Answered with others at once",
  "user.profile_corrected": "Corrected employer or role",
  "review_link.issued": "Review link issued",
  "review_link.revoked": "Review link withdrawn",
  "invitation.queued": "Invitation queued",
  "invitation.resent": "Link emailed again",
  "reminder.queued": "Reminder queued",
  "lead.added": "Lead added",
  "lead.email_changed": "Lead's address changed",
  "lead.renamed": "Lead's name changed",
  "campaign.created": "Campaign created",
  "campaign.opened": "Campaign opened",
  "campaign.closed": "Campaign closed",
  "campaign.reminder_days_changed": "Reminder days changed",
  "csv.import": "CSV imported",
  "seed.demo": "Demo data loaded",
  "access.downgrade_batch": "Access downgraded (one batch of a run)",
  "access.restore": "Access restored",
  "access.undo": "Access change undone",
  "access.rule.add": "Domain rule added",
  "access.rule.remove": "Domain rule removed",
};

export function auditActionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/** Through what the actor acted: a lead's review link, the admin area, or a job. */
export function auditChannelLabel(actorType: string, actorId: string | null): string {
  switch (actorType) {
    case "lead":
      return `review link ${actorId ?? ""}`.trim();
    case "admin":
      return "admin area";
    case "cron":
      return "scheduled job";
    default:
      return actorType === "system" ? "the system" : actorType;
  }
}

type Data = Record<string, unknown>;

const answer = (value: unknown) =>
  typeof value === "string" && value in RESPONSE_LABELS
    ? RESPONSE_LABELS[value as Response]
    : "no answer";

const text = (value: unknown) => (value == null ? "" : String(value));

function responseChange(data: Data): string {
  const before = (data.before ?? {}) as Data;
  const after = (data.after ?? {}) as Data;
  const parts = [`${answer(before.response)} → ${answer(after.response)}`];
  if (after.organisationName && after.organisationName !== before.organisationName) {
    parts.push(`employer now ${text(after.organisationName)}`);
  }
  if (after.roleId !== undefined && after.roleId !== before.roleId)
    parts.push("role changed");
  const who = text(data.userName);
  return who ? `${who}: ${parts.join("; ")}` : parts.join("; ");
}

const waiting = (count: number) =>
  `${count} ${count === 1 ? "person" : "people"} still to answer`;

/** A reminder's step as scheduled (d7: seven days before) or sent by an admin (now-…). */
function reminderStep(step: string): string {
  if (step.startsWith("now-")) return "sent now by an admin";
  const days = /^d(\d+)$/.exec(step)?.[1];
  if (days === undefined) return step;
  if (days === "0") return "on the deadline day";
  return days === "1" ? "1 day before the deadline" : `${days} days before the deadline`;
}

/** One line saying what an event did, from what it recorded. */
export function describeAuditData(action: string, data: Data | null): string {
  const recorded = data ?? {};
  switch (action) {
    case "review.respond":
    case "review.bulk_respond":
      return responseChange(recorded);
    case "user.profile_corrected":
      return `${text(recorded.userName)}: employer or role corrected`;
    case "lead.email_changed":
    case "lead.renamed":
      return `${text(recorded.from)} → ${text(recorded.to)}`;
    case "lead.added":
      return `${text(recorded.fullName)} <${text(recorded.email)}>`;
    case "reminder.queued":
      return `${reminderStep(text(recorded.step))}; ${waiting(Number(recorded.remaining))}`;
    default:
      return Object.entries(recorded)
        .filter(([, value]) => value !== null && typeof value !== "object")
        .map(([key, value]) => `${key}: ${value}`)
        .join("; ");
  }
}
