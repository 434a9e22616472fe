-- Schema 29: two-person approval (#24). A manual entry above its enterer's threshold, and every reversal (refund,
-- void) an operator enters, is stored but its posting held until a different person with an approving role
-- approves it, or rejects it with a note. The hold is the posting's own `held` flag (the engine and the daily
-- files already skip held postings); this table says why it is held and who decided. No trigger on postings:
-- any UPDATE trigger there costs every status change a statement journal (see 0013).
CREATE TABLE approvals (
  id              INTEGER PRIMARY KEY,
  event_id        INTEGER NOT NULL UNIQUE REFERENCES payment_events (id),
  why             TEXT    NOT NULL CHECK (why IN ('above_threshold', 'other_currency', 'reversal')),
  -- The threshold that applied (minor units of the entry's currency), kept as evidence; null for a reversal.
  threshold_minor INTEGER,
  requested_by    TEXT    NOT NULL CHECK (length(requested_by) >= 1),
  requested_role  TEXT    NOT NULL CHECK (requested_role IN ('viewer', 'operator', 'supervisor')),
  requested_at    INTEGER NOT NULL,
  state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
  decided_by      TEXT,
  decided_at      INTEGER,
  note            TEXT    CHECK (note IS NULL OR length(note) <= 2000),
  -- Four eyes, enforced by the store as well as by the code: the one who entered it never decides it.
  CHECK (decided_by IS NULL OR decided_by <> requested_by),
  CHECK ((state = 'pending') = (decided_by IS NULL)),
  CHECK ((decided_by IS NULL) = (decided_at IS NULL)),
  -- A rejection always says why.
  CHECK (state <> 'rejected' OR length(trim(coalesce(note, ''))) >= 1)
) STRICT;
CREATE INDEX approvals_pending ON approvals (requested_at, id) WHERE state = 'pending';
