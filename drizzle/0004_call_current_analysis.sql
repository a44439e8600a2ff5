ALTER TABLE "calls" ADD COLUMN "analysis_outcome" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "score_greeting" numeric;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "score_needs" numeric;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "score_presentation" numeric;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "score_objections" numeric;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "score_closing" numeric;--> statement-breakpoint
-- The current analysis of each call, copied onto the call: its outcome and the five stage scores
-- (a score that is not a JSON number is left null, as the report's old jsonb reading did). Kept by
-- statement-level triggers on analyses, so every writer — the analyse step, re-analysis, the demo
-- seed, a test fixture, a manual fix in psql — keeps the copy right inside its own transaction.
-- "Current" = is_current; should two analyses of one call both be current, the newest wins.
CREATE OR REPLACE FUNCTION mentor_copy_current_analysis(call_ids uuid[]) RETURNS void
  LANGUAGE sql AS $$
    UPDATE calls c SET (analysis_outcome, score_greeting, score_needs, score_presentation, score_objections, score_closing) = (
      SELECT a.outcome,
             CASE WHEN jsonb_typeof(a.scores -> 'greeting') = 'number' THEN (a.scores ->> 'greeting')::numeric END,
             CASE WHEN jsonb_typeof(a.scores -> 'needs') = 'number' THEN (a.scores ->> 'needs')::numeric END,
             CASE WHEN jsonb_typeof(a.scores -> 'presentation') = 'number' THEN (a.scores ->> 'presentation')::numeric END,
             CASE WHEN jsonb_typeof(a.scores -> 'objections') = 'number' THEN (a.scores ->> 'objections')::numeric END,
             CASE WHEN jsonb_typeof(a.scores -> 'closing') = 'number' THEN (a.scores ->> 'closing')::numeric END
      FROM analyses a
      WHERE a.call_id = c.id AND a.company_id = c.company_id AND a.is_current
      ORDER BY a.created_at DESC, a.id DESC
      LIMIT 1)
    FROM unnest(call_ids) AS changed(id)
    WHERE c.id = changed.id
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION mentor_analyses_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    -- each branch names only the transition tables its event has
    IF TG_OP = 'INSERT' THEN
      PERFORM mentor_copy_current_analysis(ARRAY(SELECT DISTINCT call_id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
      PERFORM mentor_copy_current_analysis(ARRAY(SELECT call_id FROM new_rows UNION SELECT call_id FROM old_rows));
    ELSE
      PERFORM mentor_copy_current_analysis(ARRAY(SELECT DISTINCT call_id FROM old_rows));
    END IF;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER analyses_copy_current_insert AFTER INSERT ON analyses REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION mentor_analyses_changed();
--> statement-breakpoint
CREATE TRIGGER analyses_copy_current_update AFTER UPDATE ON analyses REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION mentor_analyses_changed();
--> statement-breakpoint
CREATE TRIGGER analyses_copy_current_delete AFTER DELETE ON analyses REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION mentor_analyses_changed();
--> statement-breakpoint
SELECT mentor_copy_current_analysis(ARRAY(SELECT DISTINCT call_id FROM analyses WHERE is_current));
