-- Schema 9: the exception queue served from an index in every sort it offers, so a page costs the same at a
-- million postings as at a thousand (issue #9, bench/queue.bench.ts).
--
-- Each queue sort walks an index already in its ORDER BY (key, id) and stops after one page; SQLite never
-- gathers and sorts every open exception. The indexes are partial, over the open exception statuses only
-- (EXCEPTION_STATUSES in src/shared/domain.ts), so they stay small and Success postings never touch them.
-- The WHERE of each must match OPEN_EXCEPTIONS in src/main/store/repositories/queue.ts word for word, or
-- SQLite will not use it; test/integration/store/queue-plan.test.ts fails if they drift apart.
-- Each also carries ehr (and status where several statuses share it) after the sort key: the EHR and
-- status filters are then checked in the index, and a row that fails them costs no read of the table.

-- The amount sorts need the amount on the posting: an index cannot span postings and payment_events.
-- A payment event's amount never changes after intake; the trigger below keeps the copy right if it ever did.
ALTER TABLE postings ADD COLUMN amount_minor INTEGER;

UPDATE postings
SET amount_minor = (SELECT e.amount_minor FROM payment_events e WHERE e.id = postings.event_id);

-- The posting repository writes amount_minor itself; anything else that inserts a posting without it
-- (older tools, test fixtures) gets it filled from the event here.
CREATE TRIGGER postings_amount_minor_fill AFTER INSERT ON postings WHEN NEW.amount_minor IS NULL
BEGIN
  UPDATE postings
  SET amount_minor = (SELECT e.amount_minor FROM payment_events e WHERE e.id = NEW.event_id)
  WHERE id = NEW.id;
END;

CREATE TRIGGER payment_events_amount_minor_copy AFTER UPDATE OF amount_minor ON payment_events
BEGIN
  UPDATE postings SET amount_minor = NEW.amount_minor WHERE event_id = NEW.id;
END;

-- Replaced by postings_queue_status_expiry: the queue orders items without a window after every item with
-- one, i.e. by coalesce(window_expires_at, 2^53 - 1), which an index on the bare column cannot serve.
DROP INDEX postings_status_expiry;

-- Newest / oldest over every open exception (the queue's default view), however few exceptions there are.
CREATE INDEX postings_queue_id ON postings (id, ehr, status)
  WHERE status IN ('retry', 'failure', 'not_applicable', 'needs_verification', 'quarantined', 'declined');

-- Window ends soonest: every open exception, then within one status.
CREATE INDEX postings_queue_expiry ON postings (coalesce(window_expires_at, 9007199254740991), id, ehr, status)
  WHERE status IN ('retry', 'failure', 'not_applicable', 'needs_verification', 'quarantined', 'declined');
CREATE INDEX postings_queue_status_expiry
  ON postings (status, coalesce(window_expires_at, 9007199254740991), id, ehr)
  WHERE status IN ('retry', 'failure', 'not_applicable', 'needs_verification', 'quarantined', 'declined');

-- Largest / smallest amount first (and the exact-amount filter), every open exception, then within one status.
CREATE INDEX postings_queue_amount ON postings (amount_minor, id, ehr, status)
  WHERE status IN ('retry', 'failure', 'not_applicable', 'needs_verification', 'quarantined', 'declined');
CREATE INDEX postings_queue_status_amount ON postings (status, amount_minor, id, ehr)
  WHERE status IN ('retry', 'failure', 'not_applicable', 'needs_verification', 'quarantined', 'declined');

-- One exact amount (a $25.00 copay can be thousands of items) by window expiry.
CREATE INDEX postings_queue_amount_expiry
  ON postings (amount_minor, coalesce(window_expires_at, 9007199254740991), id, ehr, status)
  WHERE status IN ('retry', 'failure', 'not_applicable', 'needs_verification', 'quarantined', 'declined');
