-- Schema 8: serve-mode sign-in sessions, kept across restarts. Only the SHA-256 of the session token is
-- stored (the token itself lives in the browser's cookie), so a copy of the database signs nobody in.
CREATE TABLE operator_sessions (
  token_sha256  TEXT    PRIMARY KEY CHECK (length(token_sha256) = 64),
  username      TEXT    NOT NULL COLLATE NOCASE,
  role          TEXT    NOT NULL CHECK (role IN ('viewer', 'operator', 'supervisor')),
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  -- When it ends if unused, under the limits in force at its last use (purged after that).
  expires_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX operator_sessions_by_expiry ON operator_sessions (expires_at);
CREATE INDEX operator_sessions_by_user ON operator_sessions (username);
