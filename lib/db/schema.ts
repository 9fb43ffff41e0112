import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { emailDomainSql, emailKindSql } from "../users/email-patterns";

const id = () =>
  bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity();
const ref = (name: string) => bigint(name, { mode: "number" });
const at = (name: string) => timestamp(name, { withTimezone: true });
const createdAt = () => at("created_at").notNull().defaultNow();

export const accessLevel = pgEnum("access_level", ["subscriber", "non_subscriber"]);
export const reviewResponse = pgEnum("review_response", [
  "works_here",
  "left",
  "unknown",
]);
export const campaignStatus = pgEnum("campaign_status", ["draft", "open", "closed"]);
export const outboxStatus = pgEnum("outbox_status", [
  "pending",
  "sending",
  "sent",
  "failed",
]);

export const organisations = pgTable("organisations", {
  id: id(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  kind: text("kind"),
  isSubscriber: boolean("is_subscriber").notNull().default(false),
  createdAt: createdAt(),
  updatedAt: at("updated_at").notNull().defaultNow(),
});

export const roles = pgTable("roles", {
  id: id(),
  name: text("name").notNull().unique(),
});

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email").notNull().unique(),
    fullName: text("full_name").notNull(),
    organisationId: ref("organisation_id").references(() => organisations.id, {
      onDelete: "restrict",
    }),
    roleId: ref("role_id").references(() => roles.id, {
      onDelete: "set null",
    }),
    accessLevel: accessLevel("access_level").notNull().default("subscriber"),
    lastSignInAt: at("last_sign_in_at"),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: at("updated_at").notNull().defaultNow(),
    /**
     * Worked out by PostgreSQL whenever the address changes, so an access
     * run reads them rather than checking every address again.
     */
    emailDomain: text("email_domain")
      .notNull()
      .generatedAlwaysAs(sql.raw(emailDomainSql("email"))),
    /** ascii | international | invalid (see emailKindSql). */
    emailKind: text("email_kind")
      .notNull()
      .generatedAlwaysAs(sql.raw(emailKindSql("email"))),
  },
  (t) => [index("users_organisation_idx").on(t.organisationId)],
);

export const subscriberLeads = pgTable(
  "subscriber_leads",
  {
    id: id(),
    organisationId: ref("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    fullName: text("full_name").notNull(),
    email: text("email").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("subscriber_leads_org_email_key").on(t.organisationId, t.email),
    index("subscriber_leads_email_idx").on(t.email),
  ],
);

export const campaigns = pgTable("campaigns", {
  id: id(),
  name: text("name").notNull(),
  /** The date the admin chose; the deadline is 23:59:59 Europe/London on it. */
  deadlineDate: date("deadline_date", { mode: "string" }).notNull(),
  deadlineAt: at("deadline_at").notNull(),
  status: campaignStatus("status").notNull().default("draft"),
  graceHours: integer("grace_hours").notNull().default(24),
  /** Safety brake: the share (%) of users one access run may downgrade; null: default. */
  brakePercent: integer("brake_percent"),
  /** Days before the deadline on which reminders go out; 0 is the day. */
  reminderDays: integer("reminder_days")
    .array()
    .notNull()
    .default(sql`'{14,7,3,1,0}'::integer[]`),
  openedAt: at("opened_at"),
  closedAt: at("closed_at"),
  createdBy: text("created_by"),
  createdAt: createdAt(),
});

export const reviewLinks = pgTable(
  "review_links",
  {
    id: id(),
    campaignId: ref("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    organisationId: ref("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    leadId: ref("lead_id")
      .notNull()
      .references(() => subscriberLeads.id, { onDelete: "cascade" }),
    /** SHA-256 of the token, hex. The token itself is never stored. */
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: createdAt(),
    revokedAt: at("revoked_at"),
  },
  (t) => [
    uniqueIndex("review_links_live_key")
      .on(t.campaignId, t.leadId)
      .where(sql`${t.revokedAt} is null`),
    index("review_links_campaign_org_idx").on(t.campaignId, t.organisationId),
  ],
);

export const reviewItems = pgTable(
  "review_items",
  {
    id: id(),
    campaignId: ref("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    userId: ref("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The organisation the user belonged to when the campaign opened. */
    organisationId: ref("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** What the lead was shown: the profile as it stood at the snapshot. */
    shownOrganisationId: ref("shown_organisation_id").references(() => organisations.id, {
      onDelete: "set null",
    }),
    shownRoleId: ref("shown_role_id").references(() => roles.id, {
      onDelete: "set null",
    }),
    shownAccessLevel: accessLevel("shown_access_level").notNull(),
    response: reviewResponse("response"),
    respondedAt: at("responded_at"),
    responderName: text("responder_name"),
    respondedLinkId: ref("responded_link_id").references(() => reviewLinks.id, {
      onDelete: "set null",
    }),
    version: integer("version").notNull().default(0),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("review_items_campaign_user_key").on(t.campaignId, t.userId),
    index("review_items_campaign_org_idx").on(t.campaignId, t.organisationId),
    index("review_items_campaign_response_idx").on(t.campaignId, t.response),
    // An access run reads a user's other answers: the newest one wins.
    index("review_items_user_idx").on(t.userId),
  ],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: id(),
    at: at("at").notNull().defaultNow(),
    /** admin | lead | system | cron */
    actorType: text("actor_type").notNull(),
    /** Admin email, review link id or job name. */
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    campaignId: ref("campaign_id").references(() => campaigns.id, {
      onDelete: "set null",
    }),
    organisationId: ref("organisation_id").references(() => organisations.id, {
      onDelete: "set null",
    }),
    data: jsonb("data").$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_events_campaign_idx").on(t.campaignId, t.at),
    index("audit_events_entity_idx").on(t.entityType, t.entityId),
  ],
);

export const domainRules = pgTable("domain_rules", {
  id: id(),
  /** Lower-case ASCII suffix matched on whole labels, e.g. nhs.uk. */
  suffix: text("suffix").notNull().unique(),
  label: text("label").notNull(),
  createdAt: createdAt(),
});

export const accessRuns = pgTable("access_runs", {
  id: id(),
  startedAt: at("started_at").notNull().defaultNow(),
  finishedAt: at("finished_at"),
  /** cron | cli | admin:<email> */
  trigger: text("trigger").notNull(),
  dryRun: boolean("dry_run").notNull().default(false),
  /** running | finished | braked | failed */
  status: text("status").notNull().default("running"),
  counts: jsonb("counts").$type<Record<string, number>>(),
  /** Why a run stopped: braked campaigns, what remains, the error message. */
  notes: jsonb("notes").$type<Record<string, unknown>>(),
});

/**
 * A run's plan: every item it examined and what it decided, computed once in
 * SQL. A dry run keeps it as the preview; a real run applies it in batches.
 */
/**
 * A run's plan. Unlogged (migration 0003): working rows, written by the
 * hundred thousand and deleted when the run ends, so a server crash that
 * empties the table loses nothing a new run cannot plan again.
 */
export const accessRunItems = pgTable(
  "access_run_items",
  {
    /** No foreign key: working rows, written by the hundred thousand per run. */
    runId: ref("run_id").notNull(),
    seq: integer("seq").notNull(),
    /** downgrade | restore | not_recognised | invalid | lead */
    category: text("category").notNull(),
    userId: ref("user_id").notNull(),
    reviewItemId: ref("review_item_id").notNull(),
    campaignId: ref("campaign_id").notNull(),
    response: reviewResponse("response"),
    ruleId: ref("rule_id"),
    ruleSuffix: text("rule_suffix"),
    /** The access change a restore takes back. */
    changeId: ref("change_id"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/** An admin's decision on one review item from the manual queue. */
export const accessDecisions = pgTable("access_decisions", {
  id: id(),
  reviewItemId: ref("review_item_id")
    .notNull()
    .unique()
    .references(() => reviewItems.id, { onDelete: "cascade" }),
  /** keep | defer | downgrade | approve */
  decision: text("decision").notNull(),
  decidedBy: text("decided_by").notNull(),
  decidedAt: at("decided_at").notNull().defaultNow(),
  deferUntil: at("defer_until"),
});

export const accessChanges = pgTable(
  "access_changes",
  {
    id: id(),
    userId: ref("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // A record of what happened: it keeps the ids it was written with even if
    // the campaign, item or run is later removed, and a bulk run does not pay
    // a foreign-key check per row for them.
    campaignId: ref("campaign_id"),
    reviewItemId: ref("review_item_id"),
    runId: ref("run_id"),
    fromLevel: accessLevel("from_level").notNull(),
    toLevel: accessLevel("to_level").notNull(),
    /** response_left | response_unknown | admin_decision | restored | undo | import */
    reason: text("reason").notNull(),
    ruleId: ref("rule_id"),
    ruleSuffix: text("rule_suffix"),
    actor: text("actor").notNull(),
    createdAt: createdAt(),
    revertedAt: at("reverted_at"),
    revertedBy: text("reverted_by"),
    /** Set on a change that undoes another. */
    revertsId: bigint("reverts_id", { mode: "number" }),
  },
  (t) => [
    // A user's changes in order: an answer is held by any change after it,
    // and only the latest change may be restored or undone.
    index("access_changes_user_idx").on(t.userId, t.createdAt),
    index("access_changes_run_idx").on(t.runId),
    index("access_changes_item_idx").on(t.reviewItemId),
  ],
);

export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: id(),
    /** invitation | reminder | admin_sign_in | … */
    kind: text("kind").notNull(),
    toEmail: text("to_email").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    /** Unique per message: also sent to Resend as its Idempotency-Key. */
    idempotencyKey: text("idempotency_key").notNull().unique(),
    campaignId: ref("campaign_id").references(() => campaigns.id, {
      onDelete: "set null",
    }),
    leadId: ref("lead_id").references(() => subscriberLeads.id, {
      onDelete: "set null",
    }),
    status: outboxStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    /** delivered | bounced | complained | delayed, from webhooks. */
    deliveryStatus: text("delivery_status"),
    deliveryUpdatedAt: at("delivery_updated_at"),
    nextAttemptAt: at("next_attempt_at").notNull().defaultNow(),
    lockedUntil: at("locked_until"),
    /**
     * The send batch this message was claimed into. A batch that is retried
     * (after a 429 or a crashed worker) is sent again whole, with the same
     * Idempotency-Key, so Resend answers the retry without sending again.
     */
    batchKey: text("batch_key"),
    createdAt: createdAt(),
    sentAt: at("sent_at"),
  },
  (t) => [
    index("email_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("email_outbox_campaign_idx").on(t.campaignId, t.leadId),
    index("email_outbox_provider_idx").on(t.providerMessageId),
    index("email_outbox_batch_idx").on(t.batchKey),
  ],
);

/* Auth.js tables, for admins only: never confused with website users. */

export const adminUsers = pgTable("admin_users", {
  id: text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  name: text("name"),
  email: text("email").unique(),
  emailVerified: timestamp("email_verified", { mode: "date" }),
  image: text("image"),
});

export const adminAccounts = pgTable(
  "admin_accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => adminUsers.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const adminSessions = pgTable("admin_sessions", {
  sessionToken: text("session_token").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => adminUsers.id, { onDelete: "cascade" }),
  expires: timestamp("expires", { mode: "date" }).notNull(),
});

export const adminVerificationTokens = pgTable(
  "admin_verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

export const webhookEvents = pgTable(
  "webhook_events",
  {
    /** The svix-id header: a replayed delivery is ignored. */
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    receivedAt: createdAt(),
  },
  (t) => [check("webhook_events_id_not_blank", sql`length(${t.id}) > 0`)],
);

export type Organisation = typeof organisations.$inferSelect;
export type User = typeof users.$inferSelect;
export type SubscriberLead = typeof subscriberLeads.$inferSelect;
export type Campaign = typeof campaigns.$inferSelect;
export type ReviewLink = typeof reviewLinks.$inferSelect;
export type ReviewItem = typeof reviewItems.$inferSelect;
export type AccessChange = typeof accessChanges.$inferSelect;
export type DomainRule = typeof domainRules.$inferSelect;
export type OutboxMessage = typeof emailOutbox.$inferSelect;
export type AccessLevel = (typeof accessLevel.enumValues)[number];
export type ReviewResponse = (typeof reviewResponse.enumValues)[number];
