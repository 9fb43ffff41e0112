ALTER TABLE "users" ADD COLUMN "email_domain" text GENERATED ALWAYS AS (case when right(split_part(lower(btrim(email)), '@', 2), 1) = '.' then left(split_part(lower(btrim(email)), '@', 2), -1) else split_part(lower(btrim(email)), '@', 2) end) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email_kind" text GENERATED ALWAYS AS (case
    when not (lower(btrim(email)) like '%@%' and lower(btrim(email)) not like '%@%@%'
      and split_part(lower(btrim(email)), '@', 1) ~ '^[a-z0-9!#$%&''*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&''*+/=?^_`{|}~-]+)*$'
      and length((case when right(split_part(lower(btrim(email)), '@', 2), 1) = '.' then left(split_part(lower(btrim(email)), '@', 2), -1) else split_part(lower(btrim(email)), '@', 2) end)) <= 253) then 'invalid'
    when (case when right(split_part(lower(btrim(email)), '@', 2), 1) = '.' then left(split_part(lower(btrim(email)), '@', 2), -1) else split_part(lower(btrim(email)), '@', 2) end) ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$' then 'ascii'
    when (case when right(split_part(lower(btrim(email)), '@', 2), 1) = '.' then left(split_part(lower(btrim(email)), '@', 2), -1) else split_part(lower(btrim(email)), '@', 2) end) ~ '[\u00a0-\uffff]'
      and (case when right(split_part(lower(btrim(email)), '@', 2), 1) = '.' then left(split_part(lower(btrim(email)), '@', 2), -1) else split_part(lower(btrim(email)), '@', 2) end) ~ '^([a-z0-9-]|[\u00a0-\uffff])+(\.([a-z0-9-]|[\u00a0-\uffff])+)*$' then 'international'
    else 'invalid' end) STORED NOT NULL;