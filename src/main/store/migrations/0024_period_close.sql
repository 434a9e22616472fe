-- Schema 24: month-end close (#24). A supervisor prepares a period (a facility's month, or every facility's,
-- scope '*') once its cash balance has no unexplained variance; a second supervisor approves it, and from then
-- on the period is locked. start_at/end_at are the month's bounds in epoch ms in the zone it was closed in, so
-- admission can tell from an event's transaction time alone whether it belongs to a closed period.
CREATE TABLE close_periods (
  id              INTEGER PRIMARY KEY,
  scope           TEXT    NOT NULL CHECK (length(scope) >= 1),
  month           TEXT    NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  time_zone       TEXT    NOT NULL,
  start_at        INTEGER NOT NULL,
  end_at          INTEGER NOT NULL CHECK (end_at > start_at),
  state           TEXT    NOT NULL CHECK (state IN ('prepared', 'approved')),
  prepared_by     TEXT    NOT NULL,
  prepared_at     INTEGER NOT NULL,
  -- The balance the preparer saw (JSON of reconciliation/cash/cash-balance.ts), kept as evidence.
  balance         TEXT    NOT NULL,
  approved_by     TEXT,
  approved_at     INTEGER,
  package_dir     TEXT,
  manifest_sha256 TEXT,
  UNIQUE (scope, month),
  -- Maker-checker, enforced by the store as well as by the code.
  CHECK (approved_by IS NULL OR approved_by <> prepared_by),
  CHECK ((state = 'approved') = (approved_by IS NOT NULL))
) STRICT;
CREATE INDEX close_periods_window ON close_periods (start_at, end_at) WHERE state = 'approved';

-- Events whose business date falls inside a closed period: stored, their posting held, and kept out of the
-- closed figures; the balance and the queue list them.
CREATE TABLE late_events (
  event_id   INTEGER PRIMARY KEY REFERENCES payment_events (id),
  period_id  INTEGER NOT NULL REFERENCES close_periods (id),
  flagged_at INTEGER NOT NULL
) STRICT;
CREATE INDEX late_events_period ON late_events (period_id);
