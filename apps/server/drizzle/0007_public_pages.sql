CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" char(12) NOT NULL,
	"station_id" uuid NOT NULL,
	"shift_id" uuid,
	"preferred_date" date,
	"preferred_time" text DEFAULT '' NOT NULL,
	"reference" text NOT NULL,
	"visitor_name" text NOT NULL,
	"phone_cipher" text NOT NULL,
	"phone_masked" text NOT NULL,
	"phone_index" text NOT NULL,
	"topic" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"reminded_at" timestamp with time zone,
	CONSTRAINT "appointments_reference_unique" UNIQUE("reference"),
	CONSTRAINT "appointments_status_ck" CHECK ("appointments"."status" in ('booked','requested','cancelled'))
);
--> statement-breakpoint
ALTER TABLE "deputies" ADD COLUMN "photo_thumb_key" text;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "photo_thumb_key" text;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "booking_capacity" integer;--> statement-breakpoint
ALTER TABLE "rota_shifts" ADD COLUMN "capacity" integer;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_shift_id_rota_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."rota_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointments_shift_idx" ON "appointments" USING btree ("shift_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_shift_phone_uq" ON "appointments" USING btree ("shift_id","phone_index") WHERE "appointments"."status" = 'booked';--> statement-breakpoint
CREATE INDEX "appointments_remind_idx" ON "appointments" USING btree ("shift_id") WHERE "appointments"."reminded_at" is null;--> statement-breakpoint
CREATE INDEX "appointments_station_idx" ON "appointments" USING btree ("station_id","created_at");