CREATE TABLE "calendars" (
	"key" text PRIMARY KEY NOT NULL,
	"school_year" text NOT NULL,
	"definition" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "calendar_key" text;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "on_day_off" text DEFAULT 'skip' NOT NULL;