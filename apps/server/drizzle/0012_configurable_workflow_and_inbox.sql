CREATE TABLE "region_settings" (
	"region_code" char(12) PRIMARY KEY NOT NULL,
	"rating_wait_days" integer,
	"rating_timeout_counts_as" text,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "region_settings_wait_ck" CHECK ("region_settings"."rating_wait_days" between 1 and 60),
	CONSTRAINT "region_settings_timeout_ck" CHECK ("region_settings"."rating_timeout_counts_as" in ('satisfied','basically_satisfied'))
);
--> statement-breakpoint
ALTER TABLE "deadline_limits" DROP CONSTRAINT "deadline_limits_level_urgency_pk";--> statement-breakpoint
-- Rows entered by hand before limits were per region keep applying to the whole deployment.
ALTER TABLE "deadline_limits" ADD COLUMN "region_code" char(12) DEFAULT '000000000000' NOT NULL;--> statement-breakpoint
ALTER TABLE "deadline_limits" ALTER COLUMN "region_code" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "deadline_limits" ADD CONSTRAINT "deadline_limits_region_code_level_urgency_pk" PRIMARY KEY("region_code","level","urgency");--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "wechat_openid" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "notify_channels" text[] DEFAULT '{email,wechat}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "deadline_limits" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deadline_limits" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "vars" jsonb;--> statement-breakpoint
CREATE INDEX "notifications_inbox_idx" ON "notifications" USING btree ("recipient","id") WHERE "notifications"."channel" = 'in_app';--> statement-breakpoint
ALTER TABLE "deadline_limits" ADD CONSTRAINT "deadline_limits_level_ck" CHECK ("deadline_limits"."level" in ('county','town','village'));--> statement-breakpoint
ALTER TABLE "deadline_limits" ADD CONSTRAINT "deadline_limits_urgency_ck" CHECK ("deadline_limits"."urgency" in ('normal','urgent'));--> statement-breakpoint
ALTER TABLE "deadline_limits" ADD CONSTRAINT "deadline_limits_days_ck" CHECK ("deadline_limits"."accept_working_days" between 1 and 60 and "deadline_limits"."reply_working_days" between 1 and 120 and "deadline_limits"."warn_working_days" between 0 and "deadline_limits"."reply_working_days" - 1);