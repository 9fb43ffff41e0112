ALTER TABLE "access_run_items" DROP CONSTRAINT "access_run_items_run_id_access_runs_id_fk";
