-- Indexes for the transaction filters the dashboard offers, each leading with the filtered value and
-- ending with (created_at, id), so that a filtered page is an index range in the list's order.

-- the e-mail filter compares lower(customer_email) = lower(?)
CREATE INDEX ${prefix}tx_email_lower ON ${prefix}transactions (lower(customer_email), created_at, id);
CREATE INDEX ${prefix}tx_status ON ${prefix}transactions (status_code, created_at, id);
CREATE INDEX ${prefix}tx_provider ON ${prefix}transactions (provider, created_at, id);
CREATE INDEX ${prefix}tx_method ON ${prefix}transactions (payment_method, created_at, id);

-- The free-text filter q is lower(error_code) LIKE '%…%' OR lower(error_message) LIKE '%…%': only
-- trigram GIN indexes (extension pg_trgm) serve it. The extension is created in schema public (where
-- dropping an application schema does not take it along), else in the current schema. Where neither
-- is allowed (a role without CREATE on the database, or contrib not installed), the migration goes on
-- without these two indexes and q scans the transactions: docs/storage.md has the statements a DBA
-- runs to add them later.
DO $$
DECLARE
    trgm_schema TEXT;
BEGIN
    -- checked first: CREATE EXTENSION IF NOT EXISTS raises a notice, which Flyway logs as a warning
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        BEGIN
            CREATE EXTENSION pg_trgm SCHEMA public;
        EXCEPTION WHEN OTHERS THEN
            BEGIN
                CREATE EXTENSION pg_trgm;
            EXCEPTION WHEN OTHERS THEN
                RAISE WARNING 'Vedette: extension pg_trgm could not be created (%): the transaction filter q scans the table; see docs/storage.md', SQLERRM;
            END;
        END;
    END IF;
    SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm';
    IF trgm_schema IS NOT NULL THEN
        EXECUTE format('CREATE INDEX ${prefix}tx_error_code_trgm ON ${prefix}transactions USING gin (lower(error_code) %I.gin_trgm_ops)', trgm_schema);
        EXECUTE format('CREATE INDEX ${prefix}tx_error_message_trgm ON ${prefix}transactions USING gin (lower(error_message) %I.gin_trgm_ops)', trgm_schema);
    END IF;
END
$$;
