-- Tables whose ids come from the database (identity syntax differs per database).

CREATE TABLE ${prefix}health_samples (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    component VARCHAR(64) NOT NULL,
    status VARCHAR(16) NOT NULL,
    response_nanos BIGINT,
    message VARCHAR(1100),
    details ${text} NOT NULL,
    checked_at BIGINT NOT NULL
)${tableopts};
CREATE INDEX ${prefix}health_component ON ${prefix}health_samples (component, checked_at);
CREATE INDEX ${prefix}health_checked ON ${prefix}health_samples (checked_at);

CREATE TABLE ${prefix}logs (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    log_level VARCHAR(8) NOT NULL,
    level_rank INTEGER NOT NULL,
    component VARCHAR(64),
    message ${text} NOT NULL,
    details ${text} NOT NULL,
    transaction_id VARCHAR(128),
    customer VARCHAR(300),
    occurred_at BIGINT NOT NULL
)${tableopts};
CREATE INDEX ${prefix}log_occurred ON ${prefix}logs (occurred_at, id);
CREATE INDEX ${prefix}log_component ON ${prefix}logs (component, occurred_at);
CREATE INDEX ${prefix}log_transaction ON ${prefix}logs (transaction_id);

CREATE TABLE ${prefix}audit (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    at_time BIGINT NOT NULL,
    actor ${text} NOT NULL,
    action ${text} NOT NULL,
    target ${text},
    details ${text} NOT NULL
)${tableopts};
CREATE INDEX ${prefix}audit_at ON ${prefix}audit (at_time);
