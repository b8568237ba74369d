-- Rollups for the figures the transaction rollups cannot hold, kept up to date in the same database
-- transaction as the rows (JdbcStore's FigureRollups), so the analytics page reads no transaction
-- rows. Placeholders as in V1. Buckets are UTC days ('d') and hours ('h'), nanoseconds since the
-- epoch, by the transaction's created_at. The rows of transactions already stored are added by the
-- Java migration V5_1 right after this one (the customer sketches need the JVM's hash).

-- FAILED-kind transactions per bucket and error code. slot: 'c' a code, 'n' no code (error_code ''),
-- 'o' the codes beyond the first 200 of the bucket (error_code ''). newest_*: the transaction with a
-- message that is newest by (created_at, id); never set for 'o'.
CREATE TABLE ${prefix}failure_rollups (
    granularity CHAR(1) NOT NULL,
    bucket_start BIGINT NOT NULL,
    slot CHAR(1) NOT NULL,
    error_code VARCHAR(64)${keycollate} NOT NULL,
    cnt BIGINT NOT NULL,
    newest_at BIGINT,
    newest_id VARCHAR(128)${keycollate},
    newest_message VARCHAR(2100),
    PRIMARY KEY (granularity, bucket_start, slot, error_code)
)${tableopts};

-- Transactions per bucket whose recorded steps contain the step; '(other)' (not a recordable step
-- name) counts the steps beyond the first 200 of the bucket.
CREATE TABLE ${prefix}step_rollups (
    granularity CHAR(1) NOT NULL,
    bucket_start BIGINT NOT NULL,
    step VARCHAR(64)${keycollate} NOT NULL,
    cnt BIGINT NOT NULL,
    PRIMARY KEY (granularity, bucket_start, step)
)${tableopts};

-- HyperLogLog sketches of lower(customer_email), one row per register that is not 0, per block of
-- span_days UTC days (1, 4, 16 and 64; a block starts at a multiple of its span counted from
-- 1970-01-01), so a long range merges a few blocks instead of every day. sketch: 'a' every customer;
-- 's', 'r', 'f', 'n' customers with a transaction of that status kind (SUCCEEDED, REVERSED, FAILED,
-- PENDING); 'p' customers with a SUCCEEDED or REVERSED one (the default paid kinds, in one sketch).
-- Merged with max(rnk) per register (dev.vedette.analytics.HyperLogLog, precision 11).
CREATE TABLE ${prefix}customer_sketches (
    sketch CHAR(1)${keycollate} NOT NULL,
    span_days INTEGER NOT NULL,
    day_start BIGINT NOT NULL,
    reg INTEGER NOT NULL,
    rnk INTEGER NOT NULL,
    PRIMARY KEY (sketch, span_days, day_start, reg)
)${tableopts};
