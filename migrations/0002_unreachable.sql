ALTER TABLE "platform_identities" ADD COLUMN "unreachable_reason" text;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "unreachable_reason" text;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "unreachable_since" timestamp with time zone;