-- Clearpost schema 2: intake bookkeeping. Files already imported (by content hash, so importing the same
-- file again adds nothing), the column mapping saved per import source, intake settings edited in the console,
-- idempotency keys for inputs that ended in quarantine, and the webhook deliveries received.

CREATE TABLE imported_files (
  id           INTEGER PRIMARY KEY,
  sha256       TEXT    NOT NULL UNIQUE CHECK (length(sha256) = 64),
  source       TEXT    NOT NULL,
  file_name    TEXT    NOT NULL,
  size_bytes   INTEGER NOT NULL CHECK (size_bytes >= 0),
  state        TEXT    NOT NULL CHECK (state IN ('importing', 'complete', 'failed')),
  rows         INTEGER NOT NULL DEFAULT 0 CHECK (rows >= 0),
  imported     INTEGER NOT NULL DEFAULT 0 CHECK (imported >= 0),
  quarantined  INTEGER NOT NULL DEFAULT 0 CHECK (quarantined >= 0),
  duplicates   INTEGER NOT NULL DEFAULT 0 CHECK (duplicates >= 0),
  error        TEXT,
  started_at   INTEGER NOT NULL,
  finished_at  INTEGER
) STRICT;

-- Column mapping of a generic CSV/XLSX source (another processor's payment-detail report), JSON.
CREATE TABLE import_mappings (
  source      TEXT    PRIMARY KEY CHECK (length(source) BETWEEN 1 AND 100),
  mapping     TEXT    NOT NULL CHECK (json_valid(mapping)),
  updated_at  INTEGER NOT NULL
) STRICT;

-- Intake settings edited in the console (merchant-defined field keys, custom-field rules), JSON per key.
CREATE TABLE intake_settings (
  key         TEXT    PRIMARY KEY,
  value       TEXT    NOT NULL CHECK (json_valid(value)),
  updated_at  INTEGER NOT NULL
) STRICT;

-- Inputs that may arrive again (webhook redeliveries, a resumed import) and ended in quarantine: a repeat
-- finds its key here and lands on the existing entry instead of a new one. Events dedupe on their own key.
CREATE TABLE intake_dedupe_keys (
  dedupe_key     TEXT    PRIMARY KEY,
  quarantine_id  INTEGER NOT NULL REFERENCES quarantined_inputs (id),
  created_at     INTEGER NOT NULL
) STRICT;

-- Authenticated webhook deliveries and what became of them (unauthenticated ones are only logged, so that
-- anyone able to reach the port cannot fill the database).
CREATE TABLE webhook_deliveries (
  id              INTEGER PRIMARY KEY,
  received_at     INTEGER NOT NULL,
  webhook_id      TEXT    NOT NULL,
  event_type      TEXT,
  trace_id        TEXT,
  retry_number    INTEGER,
  outcome         TEXT    NOT NULL CHECK (outcome IN ('stored', 'duplicate', 'quarantined')),
  event_id        INTEGER REFERENCES payment_events (id),
  quarantine_id   INTEGER REFERENCES quarantined_inputs (id)
) STRICT;

CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);
