ALTER TABLE "responses" ALTER COLUMN "person_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "rating_counts" jsonb;--> statement-breakpoint
ALTER TABLE "owners" ADD COLUMN "retention" jsonb;--> statement-breakpoint
ALTER TABLE "owners" ADD COLUMN "retention_ran_on" text;--> statement-breakpoint
-- The audit log is append-only in the database itself, not only by convention in the code: no
-- UPDATE, no TRUNCATE, and DELETE only inside the retention job's transaction, which sets
-- refleks.retention and writes its own audit record of what it deleted (counts, not content).
CREATE OR REPLACE FUNCTION refleks_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('refleks.retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % is refused', TG_OP USING ERRCODE = '42501';
END $$;--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION refleks_audit_append_only();--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION refleks_audit_append_only();
