ALTER TABLE "schools" ADD COLUMN "digest_schedule" jsonb;--> statement-breakpoint
ALTER TABLE "schools" ADD COLUMN "last_digest_week" text;