-- Schema 14: the audit trail without its UNIQUE index on hash (issue #9).
--
-- Nothing looks an entry up by its hash: the chain is checked by walking it in id order (each hash covers the
-- previous one), and an anchor names its entry by id. The index was pure cost on the engine's every append: a
-- SHA-256 is a random key, so each append wrote a random leaf of an index a quarter the size of the table,
-- and once that index outgrew the page cache, read it from disk first. Measured with 3,000,000 entries (about
-- five days of history at 300,000 payments a day, two entries each), one append and its commit: 95 µs with
-- the index, 28 µs without; the index was 255 MB of the 1,027 MB file.
--
-- The rows are copied as they are (ids, hashes, everything), so the chain and any anchor verify as before.
-- DROP TABLE removes the append-only triggers before its implicit delete, so they do not fire; they are made
-- again below, with the subject index.

CREATE TABLE audit_events_v14 (
  id            INTEGER PRIMARY KEY,
  at            INTEGER NOT NULL,
  actor         TEXT    NOT NULL,
  action        TEXT    NOT NULL,
  subject_type  TEXT    NOT NULL,
  subject_id    TEXT,
  details       TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  prev_hash     TEXT    NOT NULL,
  hash          TEXT    NOT NULL
) STRICT;

INSERT INTO audit_events_v14 (id, at, actor, action, subject_type, subject_id, details, prev_hash, hash)
  SELECT id, at, actor, action, subject_type, subject_id, details, prev_hash, hash FROM audit_events ORDER BY id;

DROP TABLE audit_events;
ALTER TABLE audit_events_v14 RENAME TO audit_events;

CREATE INDEX audit_events_subject ON audit_events (subject_type, subject_id);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;
