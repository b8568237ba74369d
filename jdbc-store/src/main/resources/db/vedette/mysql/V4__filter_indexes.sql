-- Indexes for the transaction filters the dashboard offers, each leading with the filtered value and
-- ending with (created_at, id), so that a filtered page is an index range in the list's order.

-- The e-mail filter compares lower(customer_email) = lower(?). MariaDB does not match an expression
-- to an index, so the lower-cased address is a virtual generated column, indexed, and the query
-- names that column.
ALTER TABLE ${prefix}transactions
    ADD COLUMN customer_email_lower VARCHAR(320) GENERATED ALWAYS AS (lower(customer_email)) VIRTUAL;
CREATE INDEX ${prefix}tx_email_lower ON ${prefix}transactions (customer_email_lower, created_at, id);
CREATE INDEX ${prefix}tx_status ON ${prefix}transactions (status_code, created_at, id);
CREATE INDEX ${prefix}tx_provider ON ${prefix}transactions (provider, created_at, id);
CREATE INDEX ${prefix}tx_method ON ${prefix}transactions (payment_method, created_at, id);

-- The free-text filter q (substring of error code or message, case-insensitive) has no index here:
-- a FULLTEXT index matches words, not substrings, and MariaDB has no n-gram parser, so it would
-- change what q finds. q reads the transactions in created_at order until a page is full.
