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
CREATE TABLE "notification_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" char(12) NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"template" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"last_error" text,
	"dedupe_key" text NOT NULL,
	CONSTRAINT "notification_outbox_dedupe_key_unique" UNIQUE("dedupe_key")
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
CREATE INDEX "checklist_evidence_station_idx" ON "checklist_evidence" USING btree ("station_id");--> statement-breakpoint
CREATE INDEX "checklist_items_template_idx" ON "checklist_items" USING btree ("template_id");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_templates_region_key_uq" ON "checklist_templates" USING btree ("region_code","key");--> statement-breakpoint
CREATE INDEX "station_assessments_station_idx" ON "station_assessments" USING btree ("station_id");--> statement-breakpoint
CREATE INDEX "notification_outbox_due_idx" ON "notification_outbox" USING btree ("status","next_attempt_at") WHERE "notification_outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "rota_rules_station_idx" ON "rota_rules" USING btree ("station_id");--> statement-breakpoint
CREATE INDEX "shift_swaps_shift_idx" ON "shift_swaps" USING btree ("shift_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deputies_id_number_uq" ON "deputies" USING btree ("id_number_index");