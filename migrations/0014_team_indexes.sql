CREATE INDEX "shared_updates_team_decided_idx" ON "shared_updates" USING btree ("team_id","decided_at");--> statement-breakpoint
CREATE INDEX "teams_school_idx" ON "teams" USING btree ("school_id");