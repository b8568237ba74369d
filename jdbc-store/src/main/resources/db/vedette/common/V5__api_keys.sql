-- The API keys of the HTTP ingest API: only the SHA-256 of each key is kept, never the key; a
-- revoked key keeps its row with revoked_at set. Placeholders as in V1.

CREATE TABLE ${prefix}api_keys (
    id VARCHAR(16)${keycollate} NOT NULL PRIMARY KEY,
    name VARCHAR(128) NOT NULL,
    scope VARCHAR(16) NOT NULL,
    sha256 CHAR(64) NOT NULL,
    created_at BIGINT NOT NULL,
    created_by VARCHAR(128) NOT NULL,
    revoked_at BIGINT,
    revoked_by VARCHAR(128)
)${tableopts};
CREATE UNIQUE INDEX ${prefix}api_key_hash ON ${prefix}api_keys (sha256);
