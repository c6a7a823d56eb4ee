CREATE TABLE "case_departments" (
	"case_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"region_code" char(12) NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "case_departments_case_id_department_id_pk" PRIMARY KEY("case_id","department_id"),
	CONSTRAINT "case_departments_role_ck" CHECK ("case_departments"."role" in ('lead','co'))
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" uuid NOT NULL,
	"region_code" char(12) NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_number_counters" (
	"county_code" char(6) NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "case_number_counters_county_code_year_pk" PRIMARY KEY("county_code","year")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"region_code" char(12) NOT NULL,
	"station_id" uuid,
	"reception_id" uuid,
	"channel" text NOT NULL,
	"category_key" text,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"status" text NOT NULL,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"person_name_masked" text,
	"person_phone_masked" text,
	"person_name_cipher" text,
	"person_phone_cipher" text,
	"anonymous" boolean DEFAULT false NOT NULL,
	"consent_publish" boolean DEFAULT false NOT NULL,
	"lead_department_id" uuid,
	"registered_at" timestamp with time zone NOT NULL,
	"accept_due_at" timestamp with time zone,
	"reply_due_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"last_seq" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	CONSTRAINT "cases_number_unique" UNIQUE("number"),
	CONSTRAINT "cases_status_ck" CHECK ("cases"."status" in ('registered','triaged','assigned','accepted','replied','fed_back','rated','reopened','closed','withdrawn')),
	CONSTRAINT "cases_urgency_ck" CHECK ("cases"."urgency" in ('normal','urgent'))
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"actor_role" text,
	"scope" text,
	"event" text NOT NULL,
	"object_type" text,
	"object_id" text,
	"outcome" text NOT NULL,
	"ip" text,
	"request_id" text,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "calendar_days_kind_ck" CHECK ("calendar_days"."kind" in ('holiday','workday'))
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" char(12) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" char(12),
	CONSTRAINT "regions_level_ck" CHECK ("regions"."level" in ('province','city','county','town','village')),
	CONSTRAINT "regions_code_ck" CHECK ("regions"."code" ~ '^[0-9]{12}$')
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"region_code" char(12) NOT NULL,
	"station_id" uuid,
	"department_id" uuid,
	"deputy_id" uuid,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username"),
	CONSTRAINT "users_role_ck" CHECK ("users"."role" in ('admin','county_office','town_office','station_officer','deputy','department_handler'))
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" char(12) NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	CONSTRAINT "departments_kind_ck" CHECK ("departments"."kind" in ('government','court','procuratorate','enterprise')),
	CONSTRAINT "departments_level_ck" CHECK ("departments"."level" in ('county','town','village'))
);
--> statement-breakpoint
CREATE TABLE "deputies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" char(12) NOT NULL,
	"name" text NOT NULL,
	"gender" text NOT NULL,
	"level" text NOT NULL,
	"constituency" text DEFAULT '' NOT NULL,
	"occupation" text DEFAULT '' NOT NULL,
	"leading_cadre" boolean DEFAULT false NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deputies_level_ck" CHECK ("deputies"."level" in ('national','provincial','city','county','town')),
	CONSTRAINT "deputies_gender_ck" CHECK ("deputies"."gender" in ('male','female'))
);
--> statement-breakpoint
CREATE TABLE "deputy_stations" (
	"deputy_id" uuid NOT NULL,
	"station_id" uuid NOT NULL,
	"region_code" char(12) NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	CONSTRAINT "deputy_stations_deputy_id_station_id_pk" PRIMARY KEY("deputy_id","station_id")
);
--> statement-breakpoint
CREATE TABLE "routing_rules" (
	"category_key" text NOT NULL,
	"region_code" char(12) NOT NULL,
	"department_id" uuid NOT NULL,
	CONSTRAINT "routing_rules_category_key_region_code_department_id_pk" PRIMARY KEY("category_key","region_code","department_id")
);
--> statement-breakpoint
CREATE TABLE "stations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" char(12) NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"opening_hours" text DEFAULT '' NOT NULL,
	"grade" text DEFAULT 'unrated' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stations_kind_ck" CHECK ("stations"."kind" in ('general','town','village','industry')),
	CONSTRAINT "stations_grade_ck" CHECK ("stations"."grade" in ('first','second','unrated'))
);
--> statement-breakpoint
CREATE TABLE "receptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" char(12) NOT NULL,
	"station_id" uuid NOT NULL,
	"shift_id" uuid,
	"deputy_id" uuid,
	"received_at" timestamp with time zone NOT NULL,
	"visitor_name" text NOT NULL,
	"visitor_phone_cipher" text,
	"summary" text NOT NULL,
	"recorded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "rota_shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" char(12) NOT NULL,
	"station_id" uuid NOT NULL,
	"date" date NOT NULL,
	"start_time" text DEFAULT '09:00' NOT NULL,
	"end_time" text DEFAULT '11:30' NOT NULL,
	"status" text DEFAULT 'published' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rota_shifts_status_ck" CHECK ("rota_shifts"."status" in ('draft','published','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "shift_deputies" (
	"shift_id" uuid NOT NULL,
	"deputy_id" uuid NOT NULL,
	"region_code" char(12) NOT NULL,
	"date" date NOT NULL,
	"attendance" text DEFAULT 'pending' NOT NULL,
	"checked_in_at" timestamp with time zone,
	"check_in_method" text,
	CONSTRAINT "shift_deputies_shift_id_deputy_id_pk" PRIMARY KEY("shift_id","deputy_id"),
	CONSTRAINT "shift_deputies_attendance_ck" CHECK ("shift_deputies"."attendance" in ('pending','present','late','absent')),
	CONSTRAINT "shift_deputies_method_ck" CHECK ("shift_deputies"."check_in_method" is null or "shift_deputies"."check_in_method" in ('qr','officer'))
);
--> statement-breakpoint
ALTER TABLE "case_departments" ADD CONSTRAINT "case_departments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_departments" ADD CONSTRAINT "case_departments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_reception_id_receptions_id_fk" FOREIGN KEY ("reception_id") REFERENCES "public"."receptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_category_key_categories_key_fk" FOREIGN KEY ("category_key") REFERENCES "public"."categories"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_lead_department_id_departments_id_fk" FOREIGN KEY ("lead_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deputy_stations" ADD CONSTRAINT "deputy_stations_deputy_id_deputies_id_fk" FOREIGN KEY ("deputy_id") REFERENCES "public"."deputies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deputy_stations" ADD CONSTRAINT "deputy_stations_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_category_key_categories_key_fk" FOREIGN KEY ("category_key") REFERENCES "public"."categories"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receptions" ADD CONSTRAINT "receptions_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receptions" ADD CONSTRAINT "receptions_shift_id_rota_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."rota_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receptions" ADD CONSTRAINT "receptions_deputy_id_deputies_id_fk" FOREIGN KEY ("deputy_id") REFERENCES "public"."deputies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_shifts" ADD CONSTRAINT "rota_shifts_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shift_deputies" ADD CONSTRAINT "shift_deputies_shift_id_rota_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."rota_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shift_deputies" ADD CONSTRAINT "shift_deputies_deputy_id_deputies_id_fk" FOREIGN KEY ("deputy_id") REFERENCES "public"."deputies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_departments_department_idx" ON "case_departments" USING btree ("department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_events_case_seq_uq" ON "case_events" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "case_events_region_at_idx" ON "case_events" USING btree ("region_code","at");--> statement-breakpoint
CREATE INDEX "cases_region_status_idx" ON "cases" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "cases_region_registered_idx" ON "cases" USING btree ("region_code","registered_at");--> statement-breakpoint
CREATE INDEX "cases_lead_department_idx" ON "cases" USING btree ("lead_department_id","status");--> statement-breakpoint
CREATE INDEX "cases_reply_due_idx" ON "cases" USING btree ("reply_due_at");--> statement-breakpoint
CREATE INDEX "audit_log_ts_idx" ON "audit_log" USING btree ("ts");--> statement-breakpoint
CREATE INDEX "audit_log_event_idx" ON "audit_log" USING btree ("event");--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "users_region_idx" ON "users" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "departments_region_idx" ON "departments" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "deputies_region_idx" ON "deputies" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "deputy_stations_station_idx" ON "deputy_stations" USING btree ("station_id");--> statement-breakpoint
CREATE INDEX "deputy_stations_region_idx" ON "deputy_stations" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "stations_region_idx" ON "stations" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "receptions_region_at_idx" ON "receptions" USING btree ("region_code","received_at");--> statement-breakpoint
CREATE INDEX "rota_shifts_region_date_idx" ON "rota_shifts" USING btree ("region_code","date");--> statement-breakpoint
CREATE INDEX "rota_shifts_station_date_idx" ON "rota_shifts" USING btree ("station_id","date");--> statement-breakpoint
CREATE INDEX "shift_deputies_deputy_date_idx" ON "shift_deputies" USING btree ("deputy_id","date");--> statement-breakpoint
CREATE INDEX "shift_deputies_region_date_idx" ON "shift_deputies" USING btree ("region_code","date");