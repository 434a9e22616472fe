-- Clearpost schema 1: payment events, their postings to the EHR, attempts, notes, the audit trail and
-- quarantined input. Money is INTEGER minor units; instants are INTEGER epoch milliseconds (UTC);
-- business dates are TEXT 'YYYY-MM-DD' in the facility's time zone.

CREATE TABLE payment_events (
  id                  INTEGER PRIMARY KEY,
  source              TEXT    NOT NULL CHECK (source IN ('webhook', 'file', 'manual', 'sandbox')),
  processor           TEXT    NOT NULL DEFAULT 'cybersource',
  processor_txn_id    TEXT    NOT NULL CHECK (length(processor_txn_id) BETWEEN 1 AND 250),
  kind                TEXT    NOT NULL CHECK (kind IN ('one_time_payment', 'payment_plan', 'void', 'refund')),
  tender              TEXT    NOT NULL CHECK (tender IN ('card', 'echeck', 'manual_check', 'cash', 'paypal')),
  amount_minor        INTEGER NOT NULL,
  currency            TEXT    NOT NULL CHECK (length(currency) = 3),
  service_fee_minor   INTEGER NOT NULL DEFAULT 0 CHECK (service_fee_minor >= 0),
  ehr                 TEXT    NOT NULL CHECK (ehr IN ('epic', 'oracle_health')),
  facility            TEXT    NOT NULL,
  department          TEXT,
  guarantor_account   TEXT,
  encounter_id        TEXT,
  merchant_ref        TEXT,
  -- Card data is limited to what PCI DSS allows to keep: brand, last four, expiry. Never a PAN or CVV.
  card_brand          TEXT,
  card_last4          TEXT    CHECK (card_last4 IS NULL OR (length(card_last4) = 4 AND card_last4 NOT GLOB '*[^0-9]*')),
  card_expiry         TEXT    CHECK (card_expiry IS NULL OR card_expiry GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  payment_token       TEXT,
  check_number        TEXT,
  check_date          TEXT,
  cash_tendered_minor INTEGER,
  processor_status    TEXT,
  reason_code         TEXT,
  transaction_at      INTEGER NOT NULL,
  effective_date      TEXT,
  funding_date        TEXT,
  entered_by          TEXT,
  -- Redacted canonical extras (merchant-defined fields after mapping), JSON.
  extras              TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(extras)),
  received_at         INTEGER NOT NULL,
  -- Processor deliveries repeat: one event per transaction and kind, whatever the redeliveries.
  UNIQUE (processor_txn_id, kind)
) STRICT;

CREATE INDEX payment_events_guarantor ON payment_events (guarantor_account);
CREATE INDEX payment_events_encounter ON payment_events (encounter_id);
CREATE INDEX payment_events_transaction_at ON payment_events (transaction_at);

CREATE TABLE postings (
  id                INTEGER PRIMARY KEY,
  -- One posting per event: the structural half of "never post a payment twice".
  event_id          INTEGER NOT NULL UNIQUE REFERENCES payment_events (id),
  ehr               TEXT    NOT NULL CHECK (ehr IN ('epic', 'oracle_health')),
  connection_id     TEXT    NOT NULL,
  channel           TEXT    NOT NULL CHECK (channel IN ('api', 'daily_file', 'manual', 'exception')),
  status            TEXT    NOT NULL CHECK (status IN ('success', 'retry', 'failure', 'not_applicable',
                      'will_not_be_sent', 'pending', 'in_flight', 'needs_verification', 'manually_posted',
                      'quarantined', 'declined')),
  attempts          INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at   INTEGER,
  window_expires_at INTEGER,
  lease_owner       TEXT,
  lease_until       INTEGER,
  ehr_reference     TEXT,
  reason_code       TEXT,
  reason            TEXT,
  next_step         TEXT,
  held              INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1)),
  assignee          TEXT,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  resolved_at       INTEGER
) STRICT;

-- The engine's work list: due items only, in due order.
CREATE INDEX postings_due ON postings (next_attempt_at) WHERE status IN ('pending', 'retry') AND held = 0;
-- The exception queue: filter by status, newest first, keyset on id.
CREATE INDEX postings_status_id ON postings (status, id);
CREATE INDEX postings_connection_status ON postings (connection_id, status);

CREATE TABLE attempts (
  id            INTEGER PRIMARY KEY,
  posting_id    INTEGER NOT NULL REFERENCES postings (id),
  number        INTEGER NOT NULL CHECK (number >= 1),
  started_at    INTEGER NOT NULL,
  finished_at   INTEGER,
  request       TEXT    NOT NULL,
  http_status   INTEGER,
  outcome       TEXT    CHECK (outcome IS NULL OR outcome IN ('posted', 'duplicate', 'retry', 'rate_limited',
                  'failed', 'ambiguous', 'not_applicable')),
  error_code    TEXT,
  response      TEXT,
  duration_ms   INTEGER,
  UNIQUE (posting_id, number)
) STRICT;

-- Attempts left open by a crash: found on start-up and turned into needs-verification.
CREATE INDEX attempts_open ON attempts (posting_id) WHERE finished_at IS NULL;

CREATE TABLE notes (
  id          INTEGER PRIMARY KEY,
  posting_id  INTEGER NOT NULL REFERENCES postings (id),
  kind        TEXT    NOT NULL CHECK (kind IN ('note', 'fraud_review')),
  author      TEXT    NOT NULL,
  body        TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX notes_posting ON notes (posting_id, id);

-- Append-only and hash-chained: each row's hash covers the previous row's hash and its own content.
CREATE TABLE audit_events (
  id            INTEGER PRIMARY KEY,
  at            INTEGER NOT NULL,
  actor         TEXT    NOT NULL,
  action        TEXT    NOT NULL,
  subject_type  TEXT    NOT NULL,
  subject_id    TEXT,
  details       TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  prev_hash     TEXT    NOT NULL,
  hash          TEXT    NOT NULL UNIQUE
) STRICT;

CREATE INDEX audit_events_subject ON audit_events (subject_type, subject_id);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;

-- Input rejected at intake, kept redacted with its reason so nothing is silently dropped.
CREATE TABLE quarantined_inputs (
  id              INTEGER PRIMARY KEY,
  source          TEXT    NOT NULL CHECK (source IN ('webhook', 'file', 'manual', 'sandbox')),
  source_ref      TEXT,
  reason_code     TEXT    NOT NULL,
  reason          TEXT    NOT NULL,
  redacted_input  TEXT    NOT NULL,
  state           TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'released', 'discarded')),
  received_at     INTEGER NOT NULL,
  resolved_at     INTEGER,
  resolved_by     TEXT
) STRICT;

CREATE INDEX quarantined_inputs_state ON quarantined_inputs (state, id);
