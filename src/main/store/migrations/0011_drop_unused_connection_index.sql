-- Schema 11: drop postings_connection_status (connection_id, status).
--
-- No query uses it: the engine claims through postings_due (which leads with connection_id), the console
-- through the queue indexes of 0009. Yet every status change of every posting (three per payment: admitted,
-- claimed, settled) rewrote two of its entries; the posting benchmark spends its time in such index writes.
DROP INDEX IF EXISTS postings_connection_status;
