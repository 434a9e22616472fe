-- Schema 3: what the posting engine needs on top of schema 1.

-- The EHR may already have this posting (an earlier attempt timed out, dropped or got a 5xx): look it up
-- (or rely on the EHR's deduplication) before sending it again.
ALTER TABLE postings ADD COLUMN verify_first INTEGER NOT NULL DEFAULT 0 CHECK (verify_first IN (0, 1));

-- Lookups before re-posting are attempts too: they appear on the item's timeline.
ALTER TABLE attempts ADD COLUMN kind TEXT NOT NULL DEFAULT 'post' CHECK (kind IN ('post', 'lookup'));

-- Items the engine resolves by itself after a crash (needs verification, with a lookup due) are work too.
DROP INDEX postings_due;
CREATE INDEX postings_due ON postings (connection_id, next_attempt_at)
  WHERE status IN ('pending', 'retry', 'needs_verification') AND held = 0 AND next_attempt_at IS NOT NULL;

-- Leases left behind by a process that died mid-post.
CREATE INDEX postings_in_flight ON postings (lease_until) WHERE status = 'in_flight';

-- The transactional outbox between intake and the engine: an event stored by any source (webhook, file,
-- sandbox, another process such as `clearpost import`) is queued in the same transaction, and the engine
-- routes it and creates its posting, so no stored payment is ever left without a posting.
CREATE TABLE admission_queue (
  event_id INTEGER PRIMARY KEY REFERENCES payment_events (id)
) STRICT;
