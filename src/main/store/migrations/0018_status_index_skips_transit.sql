-- Schema 18: postings_status_id no longer holds postings while they are pending or in flight.
--
-- Every payment passes through pending (admitted) and in_flight (claimed) on its way to its outcome, and every
-- status change rewrote its entry in (status, id): an insert at admission, a delete and an insert at the claim,
-- a delete and an insert at the settlement, five index writes per payment on the engine's commits. Nothing
-- reads these two statuses through this index: the exception queue reads one exception status (or resolved
-- ones asked for by name) through it, the engine reads due work through postings_due and claims in flight
-- through postings_in_flight, and the counts per status come from postings_ehr_channel_status. Left out, a
-- payment costs this index one write, when it settles.
--
-- The predicate is OR-ed equalities, as in migration 0012 (a constant IN list builds a temporary b-tree per
-- statement run). A query `status = ?` implies it for any status but those two, so the queue's reads through
-- it (INDEXED BY, repositories/queue.ts) still find it.

DROP INDEX postings_status_id;
CREATE INDEX postings_status_id ON postings (status, id)
  WHERE status = 'success' OR status = 'retry' OR status = 'failure' OR status = 'not_applicable'
    OR status = 'will_not_be_sent' OR status = 'needs_verification' OR status = 'manually_posted'
    OR status = 'quarantined' OR status = 'declined';
