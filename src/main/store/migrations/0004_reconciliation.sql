-- Schema 4: reconciliation files, the Epic void/refund file's claims, and notification bookkeeping.

-- Every report file Clearpost wrote, with its content hash, so an auditor can tell a file on disk is the one
-- generated (and a scheduled run after a restart knows the day is already done).
CREATE TABLE report_files (
  id             INTEGER PRIMARY KEY,
  kind           TEXT    NOT NULL CHECK (kind IN ('recon', 'detail', 'epic_voids')),
  facility       TEXT    NOT NULL,
  business_date  TEXT    NOT NULL CHECK (business_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  basis          TEXT    NOT NULL CHECK (basis IN ('transaction', 'effective', 'funding')),
  format         TEXT    NOT NULL CHECK (format IN ('csv', 'xlsx', 'pipe')),
  file_name      TEXT    NOT NULL,
  path           TEXT    NOT NULL,
  sha256         TEXT    NOT NULL CHECK (length(sha256) = 64),
  size_bytes     INTEGER NOT NULL CHECK (size_bytes >= 0),
  rows           INTEGER NOT NULL CHECK (rows >= 0),
  -- Control totals as written in the file: {currency: amountMinor}, JSON.
  totals         TEXT    NOT NULL CHECK (json_valid(totals)),
  trigger        TEXT    NOT NULL CHECK (trigger IN ('schedule', 'console', 'cli')),
  generated_by   TEXT    NOT NULL,
  generated_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX report_files_day ON report_files (kind, facility, business_date, id);

-- Which Epic void/refund file carries each daily-file posting. The primary key is the rule itself: a posting
-- is claimed by one day's file, once, so regenerating any day can never put it in a second file.
CREATE TABLE epic_file_items (
  posting_id     INTEGER PRIMARY KEY REFERENCES postings (id),
  facility       TEXT    NOT NULL,
  business_date  TEXT    NOT NULL,
  claimed_at     INTEGER NOT NULL
) STRICT;

CREATE INDEX epic_file_items_day ON epic_file_items (facility, business_date);

-- Failures already announced in a digest email: a failure is mailed once, and one the mail server refused
-- stays unannounced until a later digest gets through.
CREATE TABLE notified_failures (
  posting_id     INTEGER PRIMARY KEY REFERENCES postings (id),
  notified_at    INTEGER NOT NULL
) STRICT;
