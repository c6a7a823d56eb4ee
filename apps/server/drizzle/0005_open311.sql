CREATE TABLE "open311_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" char(12) NOT NULL,
	"name" text NOT NULL,
	"key_prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "open311_requests" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"key_id" uuid NOT NULL,
	"region_code" char(12) NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"media_url" text,
	"email_cipher" text,
	"device_id" text,
	"account_id" text
);
--> statement-breakpoint
ALTER TABLE "open311_keys" ADD CONSTRAINT "open311_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_keys" ADD CONSTRAINT "open311_keys_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_requests" ADD CONSTRAINT "open311_requests_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_requests" ADD CONSTRAINT "open311_requests_key_id_open311_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."open311_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "open311_keys_hash_uq" ON "open311_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "open311_keys_region_idx" ON "open311_keys" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "open311_requests_key_idx" ON "open311_requests" USING btree ("key_id","received_at");