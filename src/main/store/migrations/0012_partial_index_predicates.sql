-- Schema 12: the partial indexes on postings state their statuses as OR-ed equalities, not `status IN (...)`.
--
-- SQLite evaluates a constant IN list of more than two values by building a temporary b-tree of the values,
-- once per statement run. Every UPDATE that changes a posting's status evaluates the WHERE of each partial
-- index over status, for the old row and the new: seven such lists cost 15 temporary b-trees per status
-- change, 250-450 µs, where the row and index writes themselves cost 10-20 µs. A chain of equalities is
-- compared in place. The indexes' columns are unchanged; queries must repeat these predicates term for
-- term to use them (POSTINGS_DUE in repositories/posting-work.ts, OPEN_EXCEPTIONS in repositories/queue.ts;
-- test/integration/store/queue-plan.test.ts and the engine's plan test fail if they drift apart).

DROP INDEX postings_due;
CREATE INDEX postings_due ON postings (connection_id, next_attempt_at)
  WHERE (status = 'pending' OR status = 'retry' OR status = 'needs_verification') AND held = 0
    AND next_attempt_at IS NOT NULL;

DROP INDEX postings_queue_id;
CREATE INDEX postings_queue_id ON postings (id, ehr, status)
  WHERE (status = 'retry' OR status = 'failure' OR status = 'not_applicable' OR status = 'needs_verification'
    OR status = 'quarantined' OR status = 'declined');

DROP INDEX postings_queue_expiry;
CREATE INDEX postings_queue_expiry ON postings (coalesce(window_expires_at, 9007199254740991), id, ehr, status)
  WHERE (status = 'retry' OR status = 'failure' OR status = 'not_applicable' OR status = 'needs_verification'
    OR status = 'quarantined' OR status = 'declined');

DROP INDEX postings_queue_status_expiry;
CREATE INDEX postings_queue_status_expiry
  ON postings (status, coalesce(window_expires_at, 9007199254740991), id, ehr)
  WHERE (status = 'retry' OR status = 'failure' OR status = 'not_applicable' OR status = 'needs_verification'
    OR status = 'quarantined' OR status = 'declined');

DROP INDEX postings_queue_amount;
CREATE INDEX postings_queue_amount ON postings (amount_minor, id, ehr, status)
  WHERE (status = 'retry' OR status = 'failure' OR status = 'not_applicable' OR status = 'needs_verification'
    OR status = 'quarantined' OR status = 'declined');

DROP INDEX postings_queue_status_amount;
CREATE INDEX postings_queue_status_amount ON postings (status, amount_minor, id, ehr)
  WHERE (status = 'retry' OR status = 'failure' OR status = 'not_applicable' OR status = 'needs_verification'
    OR status = 'quarantined' OR status = 'declined');

DROP INDEX postings_queue_amount_expiry;
CREATE INDEX postings_queue_amount_expiry
  ON postings (amount_minor, coalesce(window_expires_at, 9007199254740991), id, ehr, status)
  WHERE (status = 'retry' OR status = 'failure' OR status = 'not_applicable' OR status = 'needs_verification'
    OR status = 'quarantined' OR status = 'declined');
