-- A run's plan rows are working data, written by the hundred thousand and
-- deleted when the run ends: they need no write-ahead log. After a server
-- crash PostgreSQL empties the table, and the next run plans again.
ALTER TABLE "access_run_items" SET UNLOGGED;
