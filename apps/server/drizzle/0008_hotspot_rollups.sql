CREATE TABLE "hotspot_rollups" (
	"scope" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"computed_at" timestamp with time zone,
	"refresh_after" timestamp with time zone,
	"requested_at" timestamp with time zone NOT NULL,
	"case_count" integer NOT NULL,
	"items" jsonb NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	CONSTRAINT "hotspot_rollups_scope_period_from_period_to_pk" PRIMARY KEY("scope","period_from","period_to")
);
--> statement-breakpoint
CREATE INDEX "hotspot_rollups_refresh_idx" ON "hotspot_rollups" USING btree ("refresh_after");