-- The rendered daily and weekly reports, kept so the dashboard can list past reports; their sends
-- are deliveries of kind REPORT whose alert_id is the report's id. Placeholders as in V1.

CREATE TABLE ${prefix}reports (
    id VARCHAR(128)${keycollate} NOT NULL PRIMARY KEY,
    kind VARCHAR(32) NOT NULL,
    period VARCHAR(32) NOT NULL,
    subject ${text} NOT NULL,
    body_text ${text} NOT NULL,
    body_html ${text} NOT NULL,
    created_at BIGINT NOT NULL
)${tableopts};
CREATE INDEX ${prefix}report_created ON ${prefix}reports (created_at, id);
