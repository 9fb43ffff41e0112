CREATE TABLE "access_decisions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "access_decisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"review_item_id" bigint NOT NULL,
	"decision" text NOT NULL,
	"decided_by" text NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"defer_until" timestamp with time zone,
	CONSTRAINT "access_decisions_review_item_id_unique" UNIQUE("review_item_id")
);
--> statement-breakpoint
CREATE TABLE "access_run_items" (
	"run_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"category" text NOT NULL,
	"user_id" bigint NOT NULL,
	"review_item_id" bigint NOT NULL,
	"campaign_id" bigint NOT NULL,
	"response" "review_response",
	"rule_id" bigint,
	"rule_suffix" text,
	"change_id" bigint,
	CONSTRAINT "access_run_items_run_id_seq_pk" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
ALTER TABLE "access_runs" ADD COLUMN "notes" jsonb;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "brake_percent" integer;--> statement-breakpoint
ALTER TABLE "access_decisions" ADD CONSTRAINT "access_decisions_review_item_id_review_items_id_fk" FOREIGN KEY ("review_item_id") REFERENCES "public"."review_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_run_items" ADD CONSTRAINT "access_run_items_run_id_access_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."access_runs"("id") ON DELETE cascade ON UPDATE no action;