-- Indexes for the transaction filters the dashboard offers, each leading with the filtered value and
-- ending with (created_at, id), so that a filtered page is an index range in the list's order.

-- The e-mail filter compares lower(customer_email) = lower(?). H2 has no expression indexes, so the
-- lower-cased address is a generated column, indexed, and the query names that column.
ALTER TABLE ${prefix}transactions
    ADD COLUMN customer_email_lower VARCHAR(320) GENERATED ALWAYS AS (LOWER(customer_email));
CREATE INDEX ${prefix}tx_email_lower ON ${prefix}transactions (customer_email_lower, created_at, id);
CREATE INDEX ${prefix}tx_status ON ${prefix}transactions (status_code, created_at, id);
CREATE INDEX ${prefix}tx_provider ON ${prefix}transactions (provider, created_at, id);
CREATE INDEX ${prefix}tx_method ON ${prefix}transactions (payment_method, created_at, id);

-- The free-text filter q (substring of error code or message) has no index on H2: it reads the
-- transactions in created_at order until a page is full.
