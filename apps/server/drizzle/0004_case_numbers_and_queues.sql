-- Case numbers come from one sequence per county and year (case_no_<county>_<year>) instead of a
-- counter row that every intake in the county had to lock until commit. Carry existing counters over.
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT county_code, year, last FROM case_number_counters LOOP
    EXECUTE format('create sequence if not exists %I maxvalue 999999 start with %s',
      'case_no_' || r.county_code || '_' || r.year, r.last + 1);
  END LOOP;
END $$;
--> statement-breakpoint
DROP TABLE "case_number_counters" CASCADE;--> statement-breakpoint
CREATE INDEX "cases_open_queue_idx" ON "cases" USING btree ("region_code","status","reply_due_at","commitment_due") WHERE "cases"."status" in ('registered','triaged','assigned','accepted','replied','fed_back','rated','reopened');
