CREATE TABLE "category_suggestions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"model_version" text NOT NULL,
	"suggested_key" text NOT NULL,
	"score" real NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"final_key" text,
	"accepted" boolean,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "text_models" (
	"version" text PRIMARY KEY NOT NULL,
	"trained_at" timestamp with time zone NOT NULL,
	"samples" integer NOT NULL,
	"per_class" jsonb NOT NULL,
	"model" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"trigger" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "search_tokens" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "category_suggestions" ADD CONSTRAINT "category_suggestions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "category_suggestions_case_idx" ON "category_suggestions" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "category_suggestions_model_idx" ON "category_suggestions" USING btree ("model_version");--> statement-breakpoint
CREATE INDEX "text_models_trained_idx" ON "text_models" USING btree ("trained_at");--> statement-breakpoint
CREATE INDEX "cases_search_idx" ON "cases" USING gin (to_tsvector('simple', "search_tokens"));