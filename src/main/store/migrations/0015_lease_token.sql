-- Schema 15: fenced leases (issue #19).
--
-- A claim writes its engine (lease_owner) and a token of its own (lease_token). Every write that settles, puts
-- back or recovers a claimed posting names both, and changes nothing when they no longer match: an engine whose
-- item was taken over (its lease ran out, another process recovered it) cannot overwrite the newer state with a
-- late answer. Existing rows have no claim, so the column starts NULL; adding it rewrites nothing.
ALTER TABLE postings ADD COLUMN lease_token INTEGER;
