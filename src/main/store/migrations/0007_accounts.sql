-- Schema 7: local operator accounts of serve mode. Passwords are stored as scrypt hashes only
-- (`scrypt$N$r$p$salt$hash`, base64); sessions live in memory and end with the process.
CREATE TABLE operator_accounts (
  username       TEXT    PRIMARY KEY COLLATE NOCASE CHECK (length(username) BETWEEN 2 AND 64),
  role           TEXT    NOT NULL CHECK (role IN ('viewer', 'operator', 'supervisor')),
  password_hash  TEXT    NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
  disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
) STRICT;
