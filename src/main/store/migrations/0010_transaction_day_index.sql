-- Schema 10: which facilities had payments in a span of days, answered from an index alone (issue #9).
--
-- The report schedule asks this at start-up and every minute after ("SELECT DISTINCT facility, ehr FROM
-- payment_events WHERE transaction_at >= ?"), as does the reconciliation export. On the bare transaction_at
-- index every payment in the span cost a lookup of its row: most of a second at start-up on a million-row
-- database. With facility and ehr in the index the query reads the index only. The name stays, since
-- every query that used the index on transaction_at alone uses this one the same way (it leads with it).
DROP INDEX payment_events_transaction_at;
CREATE INDEX payment_events_transaction_at ON payment_events (transaction_at, facility, ehr);
