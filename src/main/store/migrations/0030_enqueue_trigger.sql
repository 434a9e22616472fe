-- Schema 30: a stored payment event is queued for admission by the database itself.
--
-- Every event intake stores goes to the engine's admission queue (schema 3) in the same transaction. The
-- repository did it with a second statement, and so had to wrap the pair in a savepoint whenever its caller
-- might not roll back on a failure: a savepoint per event, which copies every page the row touches into a
-- statement journal. A trigger makes the pair one statement, atomic by itself (a failing trigger undoes its
-- INSERT), so no savepoint is needed and the event and its queue entry can never part.
CREATE TRIGGER payment_events_enqueue AFTER INSERT ON payment_events
BEGIN
  INSERT INTO admission_queue (event_id) VALUES (NEW.id);
END;
