-- Vedette schema, shared by every database. Placeholders (set by JdbcStore from the dialect):
--   ${prefix}     table name prefix, e.g. vedette_
--   ${text}       a large text type (TEXT / MEDIUMTEXT / CHARACTER VARYING)
--   ${keycollate} a binary collation for keyset tie-breaking keys (PostgreSQL: COLLATE "C")
--   ${tableopts}  table options (MySQL/MariaDB: utf8mb4 with a binary collation)
-- Every time is a BIGINT of nanoseconds since the epoch (UTC), so instants round-trip exactly.

CREATE TABLE ${prefix}transactions (
    id VARCHAR(128)${keycollate} NOT NULL PRIMARY KEY,
    status_code VARCHAR(32) NOT NULL,
    status_kind VARCHAR(16) NOT NULL,
    status_at BIGINT NOT NULL,
    amount DECIMAL(30, 4),
    currency VARCHAR(3),
    customer_email VARCHAR(320),
    customer_name VARCHAR(256),
    provider VARCHAR(64),
    provider_order_id VARCHAR(128),
    provider_payment_id VARCHAR(128),
    payment_method VARCHAR(64),
    error_code VARCHAR(64),
    error_message VARCHAR(2100),
    attempt INTEGER NOT NULL,
    latency_nanos BIGINT,
    latency_ms BIGINT,
    metadata ${text} NOT NULL,
    steps ${text} NOT NULL,
    created_at BIGINT NOT NULL,
    last_event_at BIGINT NOT NULL,
    completed_at BIGINT,
    updated_at BIGINT NOT NULL,
    event_count INTEGER NOT NULL
)${tableopts};
CREATE INDEX ${prefix}tx_created ON ${prefix}transactions (created_at, id);
CREATE INDEX ${prefix}tx_last_event ON ${prefix}transactions (last_event_at);
CREATE INDEX ${prefix}tx_updated ON ${prefix}transactions (updated_at);
CREATE INDEX ${prefix}tx_completed ON ${prefix}transactions (completed_at);
CREATE INDEX ${prefix}tx_email ON ${prefix}transactions (customer_email);
CREATE INDEX ${prefix}tx_order ON ${prefix}transactions (provider_order_id);
CREATE INDEX ${prefix}tx_payment ON ${prefix}transactions (provider_payment_id);

CREATE TABLE ${prefix}transaction_events (
    transaction_id VARCHAR(128)${keycollate} NOT NULL,
    seq INTEGER NOT NULL,
    occurred_at BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL,
    status_code VARCHAR(32),
    status_kind VARCHAR(16),
    amount DECIMAL(30, 4),
    currency VARCHAR(3),
    customer_email VARCHAR(320),
    customer_name VARCHAR(256),
    provider VARCHAR(64),
    provider_order_id VARCHAR(128),
    provider_payment_id VARCHAR(128),
    payment_method VARCHAR(64),
    error_code VARCHAR(64),
    error_message VARCHAR(2100),
    attempt INTEGER NOT NULL,
    latency_nanos BIGINT,
    metadata ${text} NOT NULL,
    step VARCHAR(64),
    PRIMARY KEY (transaction_id, seq)
)${tableopts};
CREATE INDEX ${prefix}txe_occurred ON ${prefix}transaction_events (occurred_at);
CREATE INDEX ${prefix}txe_recorded ON ${prefix}transaction_events (recorded_at);

CREATE TABLE ${prefix}rollups (
    granularity CHAR(1) NOT NULL,
    bucket_start BIGINT NOT NULL,
    currency VARCHAR(3) NOT NULL,
    status_code VARCHAR(32) NOT NULL,
    status_kind VARCHAR(16) NOT NULL,
    provider VARCHAR(64) NOT NULL,
    payment_method VARCHAR(64) NOT NULL,
    cnt BIGINT NOT NULL,
    amount DECIMAL(38, 4) NOT NULL,
    h00 BIGINT NOT NULL DEFAULT 0,
    h01 BIGINT NOT NULL DEFAULT 0,
    h02 BIGINT NOT NULL DEFAULT 0,
    h03 BIGINT NOT NULL DEFAULT 0,
    h04 BIGINT NOT NULL DEFAULT 0,
    h05 BIGINT NOT NULL DEFAULT 0,
    h06 BIGINT NOT NULL DEFAULT 0,
    h07 BIGINT NOT NULL DEFAULT 0,
    h08 BIGINT NOT NULL DEFAULT 0,
    h09 BIGINT NOT NULL DEFAULT 0,
    h10 BIGINT NOT NULL DEFAULT 0,
    h11 BIGINT NOT NULL DEFAULT 0,
    h12 BIGINT NOT NULL DEFAULT 0,
    h13 BIGINT NOT NULL DEFAULT 0,
    h14 BIGINT NOT NULL DEFAULT 0,
    h15 BIGINT NOT NULL DEFAULT 0,
    h16 BIGINT NOT NULL DEFAULT 0,
    h17 BIGINT NOT NULL DEFAULT 0,
    h18 BIGINT NOT NULL DEFAULT 0,
    h19 BIGINT NOT NULL DEFAULT 0,
    h20 BIGINT NOT NULL DEFAULT 0,
    h21 BIGINT NOT NULL DEFAULT 0,
    h22 BIGINT NOT NULL DEFAULT 0,
    h23 BIGINT NOT NULL DEFAULT 0,
    h24 BIGINT NOT NULL DEFAULT 0,
    h25 BIGINT NOT NULL DEFAULT 0,
    h26 BIGINT NOT NULL DEFAULT 0,
    h27 BIGINT NOT NULL DEFAULT 0,
    h28 BIGINT NOT NULL DEFAULT 0,
    max_ms BIGINT NOT NULL,
    PRIMARY KEY (granularity, bucket_start, currency, status_code, provider, payment_method)
)${tableopts};
CREATE INDEX ${prefix}rollup_bucket ON ${prefix}rollups (bucket_start);

CREATE TABLE ${prefix}component_states (
    component VARCHAR(64) NOT NULL PRIMARY KEY,
    status VARCHAR(16) NOT NULL,
    since BIGINT NOT NULL,
    consecutive_failures INTEGER NOT NULL,
    consecutive_successes INTEGER NOT NULL,
    last_status VARCHAR(16),
    last_response_nanos BIGINT,
    last_message VARCHAR(1100),
    last_details ${text},
    last_checked_at BIGINT,
    alert_id VARCHAR(128)
)${tableopts};

CREATE TABLE ${prefix}error_groups (
    fingerprint VARCHAR(128)${keycollate} NOT NULL PRIMARY KEY,
    error_type VARCHAR(256) NOT NULL,
    message_template ${text} NOT NULL,
    component VARCHAR(64),
    cnt BIGINT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    last_message ${text},
    last_stack_trace ${text},
    last_transaction_id VARCHAR(128),
    status VARCHAR(16) NOT NULL
)${tableopts};
CREATE INDEX ${prefix}eg_last_seen ON ${prefix}error_groups (last_seen, fingerprint);

CREATE TABLE ${prefix}alerts (
    id VARCHAR(128)${keycollate} NOT NULL PRIMARY KEY,
    dedup_key VARCHAR(255) NOT NULL,
    active_key VARCHAR(255),
    severity VARCHAR(16) NOT NULL,
    title ${text} NOT NULL,
    message ${text},
    component VARCHAR(64),
    labels ${text} NOT NULL,
    source ${text},
    status VARCHAR(16) NOT NULL,
    occurrences BIGINT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    acknowledged_by ${text},
    acknowledged_at BIGINT,
    resolved_by ${text},
    resolved_at BIGINT,
    last_notified_at BIGINT,
    suppressed_by ${text}
)${tableopts};
CREATE UNIQUE INDEX ${prefix}alert_active_key ON ${prefix}alerts (active_key);
CREATE INDEX ${prefix}alert_last_seen ON ${prefix}alerts (last_seen, id);
CREATE INDEX ${prefix}alert_resolved ON ${prefix}alerts (resolved_at);
CREATE INDEX ${prefix}alert_dedup ON ${prefix}alerts (dedup_key);

CREATE TABLE ${prefix}deliveries (
    id VARCHAR(128)${keycollate} NOT NULL PRIMARY KEY,
    ord BIGINT NOT NULL,
    alert_id VARCHAR(128) NOT NULL,
    channel VARCHAR(128) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    state VARCHAR(16) NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    last_error ${text},
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    claimed_by VARCHAR(255),
    claimed_until BIGINT
)${tableopts};
CREATE INDEX ${prefix}delivery_due ON ${prefix}deliveries (state, next_attempt_at);
CREATE INDEX ${prefix}delivery_claim ON ${prefix}deliveries (next_attempt_at, created_at, ord);
CREATE INDEX ${prefix}delivery_alert ON ${prefix}deliveries (alert_id, created_at);
CREATE INDEX ${prefix}delivery_created ON ${prefix}deliveries (created_at);

CREATE TABLE ${prefix}silences (
    id VARCHAR(128) NOT NULL PRIMARY KEY,
    matchers ${text} NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    created_by ${text} NOT NULL,
    reason ${text},
    created_at BIGINT NOT NULL
)${tableopts};
CREATE INDEX ${prefix}silence_ends ON ${prefix}silences (ends_at);

CREATE TABLE ${prefix}locks (
    lock_name VARCHAR(255) NOT NULL PRIMARY KEY,
    owner VARCHAR(255) NOT NULL,
    expires_at BIGINT NOT NULL
)${tableopts};
