CREATE TABLE "checklist_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"station_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"region_code" char(12) NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"file_key" text,
	"file_type" text,
	"file_name" text,
	"recorded_by" uuid,
	"recorded_by_name" text DEFAULT '' NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checklist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_id" uuid NOT NULL,
	"region_code" char(12) NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checklist_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" char(12) NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "station_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"station_id" uuid NOT NULL,
	"region_code" char(12) NOT NULL,
	"grade" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"assessed_by" uuid,
	"assessed_by_name" text DEFAULT '' NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "station_assessments_grade_ck" CHECK ("station_assessments"."grade" in ('first','second','unrated'))
);
--> statement-breakpoint
CREATE TABLE "rota_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" char(12) NOT NULL,
	"station_id" uuid NOT NULL,
	"rule" jsonb NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"per_shift" integer NOT NULL,
	"deputy_ids" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shift_swaps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shift_id" uuid NOT NULL,
	"region_code" char(12) NOT NULL,
	"from_deputy_id" uuid NOT NULL,
	"to_deputy_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"by" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"region_code" char(12) NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "case_deputies" (
	"case_id" uuid NOT NULL,
	"deputy_id" uuid NOT NULL,
	"region_code" char(12) NOT NULL,
	CONSTRAINT "case_deputies_case_id_deputy_id_pk" PRIMARY KEY("case_id","deputy_id")
);
--> statement-breakpoint
CREATE TABLE "case_timers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_timers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" uuid NOT NULL,
	"region_code" char(12) NOT NULL,
	"kind" text NOT NULL,
	"fire_at" timestamp with time zone NOT NULL,
	"case_seq" integer NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"fencing" bigint DEFAULT 0 NOT NULL,
	"fired_at" timestamp with time zone,
	"fired_by" text,
	"outcome" text,
	CONSTRAINT "case_timers_kind_ck" CHECK ("case_timers"."kind" in ('accept_warn','accept_due','reply_warn','reply_due','commitment_due','rating_due'))
);
--> statement-breakpoint
CREATE TABLE "commitments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"region_code" char(12) NOT NULL,
	"department_id" uuid,
	"measures" text NOT NULL,
	"committed_date" date NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"revisited_at" timestamp with time zone,
	"revisit_result" text,
	CONSTRAINT "commitments_status_ck" CHECK ("commitments"."status" in ('pending','due','fulfilled','superseded'))
);
--> statement-breakpoint
CREATE TABLE "common_issues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" char(12) NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"category_key" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "deadline_limits" (
	"level" text NOT NULL,
	"urgency" text NOT NULL,
	"accept_working_days" integer NOT NULL,
	"reply_working_days" integer NOT NULL,
	"warn_working_days" integer DEFAULT 3 NOT NULL,
	CONSTRAINT "deadline_limits_level_urgency_pk" PRIMARY KEY("level","urgency")
);
--> statement-breakpoint
CREATE TABLE "department_categories" (
	"department_id" uuid NOT NULL,
	"category_key" text NOT NULL,
	CONSTRAINT "department_categories_department_id_category_key_pk" PRIMARY KEY("department_id","category_key")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"actor_id" uuid NOT NULL,
	"key" text NOT NULL,
	"route" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer,
	"response" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_actor_id_key_pk" PRIMARY KEY("actor_id","key")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"region_code" char(12) NOT NULL,
	"case_id" uuid,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"template" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"provider" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "notifications_channel_ck" CHECK ("notifications"."channel" in ('sms','wechat','email','in_app')),
	CONSTRAINT "notifications_status_ck" CHECK ("notifications"."status" in ('pending','sent','failed'))
);
--> statement-breakpoint
DROP INDEX "cases_lead_department_idx";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "level" text DEFAULT 'county' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "address_masked" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "address_cipher" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "longitude" double precision;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "id_number_masked" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "id_number_cipher" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "person_phone_index" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "common_issue_id" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "supervision" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "supervised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "overdue_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "escalated_to" char(12);--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "rating_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "last_satisfaction" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "commitment_date" date;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "commitment_due" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "public_text" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deputies" ADD COLUMN "duty_deputy" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "deputies" ADD COLUMN "term" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "deputies" ADD COLUMN "focus" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "deputies" ADD COLUMN "photo_key" text;--> statement-breakpoint
ALTER TABLE "deputies" ADD COLUMN "id_number_index" text;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "head_user_id" uuid;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "officer_user_id" uuid;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "photo_key" text;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "checklist_template_id" uuid;--> statement-breakpoint
ALTER TABLE "receptions" ADD COLUMN "case_id" uuid;--> statement-breakpoint
ALTER TABLE "rota_shifts" ADD COLUMN "rule_id" uuid;--> statement-breakpoint
ALTER TABLE "shift_deputies" ADD COLUMN "reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "checklist_evidence" ADD CONSTRAINT "checklist_evidence_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_evidence" ADD CONSTRAINT "checklist_evidence_item_id_checklist_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."checklist_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_template_id_checklist_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."checklist_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_assessments" ADD CONSTRAINT "station_assessments_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_rules" ADD CONSTRAINT "rota_rules_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shift_swaps" ADD CONSTRAINT "shift_swaps_shift_id_rota_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."rota_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_deputies" ADD CONSTRAINT "case_deputies_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_deputies" ADD CONSTRAINT "case_deputies_deputy_id_deputies_id_fk" FOREIGN KEY ("deputy_id") REFERENCES "public"."deputies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_timers" ADD CONSTRAINT "case_timers_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "common_issues" ADD CONSTRAINT "common_issues_category_key_categories_key_fk" FOREIGN KEY ("category_key") REFERENCES "public"."categories"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_categories" ADD CONSTRAINT "department_categories_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_categories" ADD CONSTRAINT "department_categories_category_key_categories_key_fk" FOREIGN KEY ("category_key") REFERENCES "public"."categories"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checklist_evidence_station_idx" ON "checklist_evidence" USING btree ("station_id");--> statement-breakpoint
CREATE INDEX "checklist_items_template_idx" ON "checklist_items" USING btree ("template_id");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_templates_region_key_uq" ON "checklist_templates" USING btree ("region_code","key");--> statement-breakpoint
CREATE INDEX "station_assessments_station_idx" ON "station_assessments" USING btree ("station_id");--> statement-breakpoint
CREATE INDEX "rota_rules_station_idx" ON "rota_rules" USING btree ("station_id");--> statement-breakpoint
CREATE INDEX "shift_swaps_shift_idx" ON "shift_swaps" USING btree ("shift_id");--> statement-breakpoint
CREATE INDEX "attachments_case_idx" ON "attachments" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_deputies_deputy_idx" ON "case_deputies" USING btree ("deputy_id");--> statement-breakpoint
CREATE INDEX "case_timers_due_idx" ON "case_timers" USING btree ("fire_at") WHERE "case_timers"."fired_at" is null;--> statement-breakpoint
CREATE INDEX "case_timers_case_idx" ON "case_timers" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "commitments_department_idx" ON "commitments" USING btree ("department_id","committed_date") WHERE "commitments"."status" <> 'fulfilled';--> statement-breakpoint
CREATE INDEX "commitments_region_idx" ON "commitments" USING btree ("region_code","committed_date");--> statement-breakpoint
CREATE INDEX "commitments_case_idx" ON "commitments" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "common_issues_region_idx" ON "common_issues" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "notifications_pending_idx" ON "notifications" USING btree ("next_attempt_at") WHERE "notifications"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "notifications_region_idx" ON "notifications" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "cases_status_region_idx" ON "cases" USING btree ("status","region_code","reply_due_at");--> statement-breakpoint
CREATE INDEX "cases_commitment_due_idx" ON "cases" USING btree ("region_code") WHERE "cases"."commitment_due";--> statement-breakpoint
CREATE INDEX "cases_supervision_idx" ON "cases" USING btree ("region_code","registered_at") WHERE "cases"."supervision" <> 'none' or "cases"."overdue_at" is not null;--> statement-breakpoint
CREATE INDEX "cases_common_issue_idx" ON "cases" USING btree ("common_issue_id");--> statement-breakpoint
CREATE INDEX "cases_published_idx" ON "cases" USING btree ("region_code","published_at") WHERE "cases"."published_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "deputies_id_number_uq" ON "deputies" USING btree ("id_number_index");--> statement-breakpoint
CREATE INDEX "cases_lead_department_idx" ON "cases" USING btree ("lead_department_id","status","reply_due_at");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_level_ck" CHECK ("cases"."level" in ('county','town','village'));--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_supervision_ck" CHECK ("cases"."supervision" in ('none','ordinary','key'));