-- Schema 19: what the morning backfill (intake/backfill) did. Cybersource webhooks are lossy; each day the
-- Payment Batch Detail report is compared with what arrived, and the missing rows go through file import.
--
-- backfill_rows: every report row backfill handed to intake, so a row that intake quarantined (bad data
-- waiting for an operator) is not handed over again by the next run, which would quarantine it twice.
CREATE TABLE backfill_rows (
  organization_id TEXT    NOT NULL,
  request_id      TEXT    NOT NULL,
  report_date     TEXT    NOT NULL,
  submitted_at    INTEGER NOT NULL,
  PRIMARY KEY (organization_id, request_id)
) STRICT;

-- backfill_runs: one row per run, the summary it printed; the schedule skips a day with a finished run.
CREATE TABLE backfill_runs (
  id               INTEGER PRIMARY KEY,
  report_date      TEXT    NOT NULL,
  trigger          TEXT    NOT NULL CHECK (trigger IN ('schedule', 'command')),
  started_at       INTEGER NOT NULL,
  finished_at      INTEGER,
  report_rows      INTEGER NOT NULL DEFAULT 0,
  already_had      INTEGER NOT NULL DEFAULT 0,
  imported         INTEGER NOT NULL DEFAULT 0,
  quarantined      INTEGER NOT NULL DEFAULT 0,
  replay_requested INTEGER NOT NULL DEFAULT 0 CHECK (replay_requested IN (0, 1)),
  -- Why the run stopped (the report API refused, the network failed); null when it finished.
  error            TEXT
) STRICT;
CREATE INDEX backfill_runs_by_date ON backfill_runs (report_date, finished_at);
