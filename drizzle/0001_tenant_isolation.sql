-- Tenant isolation, the second wall behind the company_id filter every repository applies.
-- Tenant transactions run as the non-superuser role mentor_app (SET LOCAL ROLE) with the company id in
-- the transaction-local setting mentor.company_id; superusers and table owners bypass RLS, which is why
-- the application must switch role (src/db/tenant.ts) and why tests check the role is really in force.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mentor_app') THEN
    CREATE ROLE mentor_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  -- the connecting user must be able to SET ROLE mentor_app
  IF NOT pg_has_role(current_user, 'mentor_app', 'MEMBER') THEN
    EXECUTE format('GRANT mentor_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION mentor_current_company() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('mentor.company_id', true), '')::uuid $$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO mentor_app', current_schema());
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND c.column_name = 'company_id' AND tb.table_type = 'BASE TABLE'
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I TO mentor_app USING (company_id = mentor_current_company()) WITH CHECK (company_id = mentor_current_company())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO mentor_app', t);
    IF t <> 'audit_log' THEN
      EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (company_id) REFERENCES companies(id) ON DELETE CASCADE', t, t || '_company_fk');
    END IF;
  END LOOP;
  ALTER TABLE companies ENABLE ROW LEVEL SECURITY;
  DROP POLICY IF EXISTS tenant_isolation ON companies;
  CREATE POLICY tenant_isolation ON companies TO mentor_app USING (id = mentor_current_company()) WITH CHECK (id = mentor_current_company());
  GRANT SELECT, UPDATE ON companies TO mentor_app;
END
$$;
