ALTER TABLE "companies" ADD COLUMN "knowledge_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- companies.knowledge_version takes a fresh value of a sequence whenever anything the analyses read
-- from a company's knowledge changes: script stages, objections, expert rules, corrections, which
-- calls are reference calls (and their order), and the transcripts of reference calls. A sequence
-- never hands out a value twice, not even to a transaction that rolls back, so equal versions mean
-- equal knowledge. Kept by triggers so every writer (the app, the demo seed, a fix in psql) keeps it.
CREATE SEQUENCE IF NOT EXISTS mentor_knowledge_version;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE mentor_knowledge_version TO mentor_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION mentor_bump_knowledge(company_ids uuid[]) RETURNS void
  LANGUAGE sql AS $$
    UPDATE companies SET knowledge_version = nextval('mentor_knowledge_version') WHERE id = ANY(company_ids)
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION mentor_knowledge_rows_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      PERFORM mentor_bump_knowledge(ARRAY(SELECT DISTINCT company_id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
      PERFORM mentor_bump_knowledge(ARRAY(SELECT company_id FROM new_rows UNION SELECT company_id FROM old_rows));
    ELSE
      PERFORM mentor_bump_knowledge(ARRAY(SELECT DISTINCT company_id FROM old_rows));
    END IF;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['script_stages', 'objections', 'expert_rules', 'corrections'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mentor_knowledge_rows_changed()', t || '_knowledge_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mentor_knowledge_rows_changed()', t || '_knowledge_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mentor_knowledge_rows_changed()', t || '_knowledge_delete', t);
  END LOOP;
END
$$;
--> statement-breakpoint
-- Calls change all the time (status, analysis copy); only a change that touches reference calls
-- counts, so these are row triggers with a WHEN filter the pipeline's updates never pass.
CREATE OR REPLACE FUNCTION mentor_reference_call_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      PERFORM mentor_bump_knowledge(ARRAY[OLD.company_id]);
    ELSE
      PERFORM mentor_bump_knowledge(ARRAY[NEW.company_id]);
    END IF;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER calls_reference_insert AFTER INSERT ON calls FOR EACH ROW WHEN (NEW.is_reference)
  EXECUTE FUNCTION mentor_reference_call_changed();
--> statement-breakpoint
CREATE TRIGGER calls_reference_update AFTER UPDATE OF is_reference, started_at ON calls FOR EACH ROW
  WHEN (OLD.is_reference IS DISTINCT FROM NEW.is_reference OR (NEW.is_reference AND OLD.started_at IS DISTINCT FROM NEW.started_at))
  EXECUTE FUNCTION mentor_reference_call_changed();
--> statement-breakpoint
CREATE TRIGGER calls_reference_delete AFTER DELETE ON calls FOR EACH ROW WHEN (OLD.is_reference)
  EXECUTE FUNCTION mentor_reference_call_changed();
--> statement-breakpoint
-- Transcripts arrive in bulk (transcript import, group commit): one statement trigger per insert
-- that looks the new rows' calls up, and bumps only for reference calls.
CREATE OR REPLACE FUNCTION mentor_reference_transcript_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      PERFORM mentor_bump_knowledge(ARRAY(SELECT DISTINCT c.company_id FROM new_rows t JOIN calls c ON c.id = t.call_id WHERE c.is_reference));
    ELSIF TG_OP = 'UPDATE' THEN
      PERFORM mentor_bump_knowledge(ARRAY(SELECT DISTINCT c.company_id FROM (SELECT call_id FROM new_rows UNION SELECT call_id FROM old_rows) t JOIN calls c ON c.id = t.call_id WHERE c.is_reference));
    ELSE
      PERFORM mentor_bump_knowledge(ARRAY(SELECT DISTINCT c.company_id FROM old_rows t JOIN calls c ON c.id = t.call_id WHERE c.is_reference));
    END IF;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER transcripts_reference_insert AFTER INSERT ON transcripts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION mentor_reference_transcript_changed();
--> statement-breakpoint
CREATE TRIGGER transcripts_reference_update AFTER UPDATE ON transcripts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION mentor_reference_transcript_changed();
--> statement-breakpoint
CREATE TRIGGER transcripts_reference_delete AFTER DELETE ON transcripts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION mentor_reference_transcript_changed();
