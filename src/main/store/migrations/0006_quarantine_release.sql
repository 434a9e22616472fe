-- Schema 6: the operator side of quarantine. An entry is listed, corrected and released into the pipeline
-- (or discarded with a reason), and kept whatever becomes of it: nothing rejected is ever deleted.

-- The event a release created (or found already received), the operator's note or discard reason, the last
-- corrections tried (redacted, JSON) and how many releases were refused.
ALTER TABLE quarantined_inputs ADD COLUMN released_event_id INTEGER REFERENCES payment_events (id);
ALTER TABLE quarantined_inputs ADD COLUMN resolution_note TEXT
  CHECK (resolution_note IS NULL OR length(resolution_note) BETWEEN 1 AND 2000);
ALTER TABLE quarantined_inputs ADD COLUMN corrections TEXT CHECK (corrections IS NULL OR json_valid(corrections));
ALTER TABLE quarantined_inputs ADD COLUMN release_attempts INTEGER NOT NULL DEFAULT 0
  CHECK (release_attempts >= 0);
ALTER TABLE quarantined_inputs ADD COLUMN updated_at INTEGER;

-- The operators' list filters by reason and by source, newest first, keyset on id.
CREATE INDEX quarantined_inputs_reason ON quarantined_inputs (reason_code, id);
CREATE INDEX quarantined_inputs_source ON quarantined_inputs (source, id);

-- Which file row an entry came from (the key is file:<sha256>:<line>), to read it again with its format.
CREATE INDEX intake_dedupe_keys_quarantine ON intake_dedupe_keys (quarantine_id);

-- Kept, never deleted.
CREATE TRIGGER quarantined_inputs_no_delete BEFORE DELETE ON quarantined_inputs
BEGIN
  SELECT RAISE(ABORT, 'quarantined_inputs are kept: discard an entry instead of deleting it');
END;

-- What was received never changes, and a released or discarded entry is final.
CREATE TRIGGER quarantined_inputs_input_fixed BEFORE UPDATE OF redacted_input, source, received_at
  ON quarantined_inputs
BEGIN
  SELECT RAISE(ABORT, 'a quarantined input is kept as received');
END;

CREATE TRIGGER quarantined_inputs_resolved_final BEFORE UPDATE ON quarantined_inputs
  WHEN OLD.state <> 'open'
BEGIN
  SELECT RAISE(ABORT, 'a released or discarded quarantine entry is final');
END;
