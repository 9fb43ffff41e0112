DROP INDEX "access_changes_user_idx";--> statement-breakpoint
ALTER TABLE "users" drop column "email_domain";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email_domain" text GENERATED ALWAYS AS (case when right(split_part(lower(btrim(email) collate "C"), '@', 2), 1) = '.' then left(split_part(lower(btrim(email) collate "C"), '@', 2), -1) else split_part(lower(btrim(email) collate "C"), '@', 2) end) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "users" drop column "email_kind";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email_kind" text GENERATED ALWAYS AS (case
    when not (lower(btrim(email) collate "C") like '%@%' and lower(btrim(email) collate "C") not like '%@%@%'
      and split_part(lower(btrim(email) collate "C"), '@', 1) ~ '^[a-z0-9!#$%&''*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&''*+/=?^_`{|}~-]+)*$'
      and length((case when right(split_part(lower(btrim(email) collate "C"), '@', 2), 1) = '.' then left(split_part(lower(btrim(email) collate "C"), '@', 2), -1) else split_part(lower(btrim(email) collate "C"), '@', 2) end)) <= 253) then 'invalid'
    when (case when right(split_part(lower(btrim(email) collate "C"), '@', 2), 1) = '.' then left(split_part(lower(btrim(email) collate "C"), '@', 2), -1) else split_part(lower(btrim(email) collate "C"), '@', 2) end) ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$' then 'ascii'
    when (case when right(split_part(lower(btrim(email) collate "C"), '@', 2), 1) = '.' then left(split_part(lower(btrim(email) collate "C"), '@', 2), -1) else split_part(lower(btrim(email) collate "C"), '@', 2) end) ~ '[\u00a0-\uffff]'
      and (case when right(split_part(lower(btrim(email) collate "C"), '@', 2), 1) = '.' then left(split_part(lower(btrim(email) collate "C"), '@', 2), -1) else split_part(lower(btrim(email) collate "C"), '@', 2) end) ~ '^([a-z0-9-]|[\u00a0-\uffff])+(\.([a-z0-9-]|[\u00a0-\uffff])+)*$' then 'international'
    else 'invalid' end) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "review_items_user_idx" ON "review_items" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "access_changes_user_idx" ON "access_changes" USING btree ("user_id","created_at");