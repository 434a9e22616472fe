-- Schema 26: unposted cash (#24). Money received (a payment Clearpost holds) but not, or not yet, posted to the
-- EHR is a standing list derived from payment_events and postings; what a person adds to it is stored here:
-- who follows the payment up, a note, and the day to look at it again. A row outlives the payment's posting
-- (the list simply stops showing it), so the history of who chased what is kept.
CREATE TABLE unposted_cash_follow_up (
  event_id   INTEGER PRIMARY KEY REFERENCES payment_events (id),
  owner      TEXT    NOT NULL CHECK (length(owner) BETWEEN 1 AND 100),
  note       TEXT    CHECK (note IS NULL OR length(note) <= 1000),
  follow_up  TEXT    CHECK (follow_up IS NULL OR follow_up GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  updated_by TEXT    NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- A void names the payment it cancels in its extras (originalTransactionId from the processor's webhook,
-- originalProcessorTxnId from a canonical event), or carries the payment's own transaction id. The cash
-- balance and this list leave voided payments out (no money moved); this index finds a payment's void.
CREATE INDEX payment_events_void_of ON payment_events (
  coalesce(json_extract(extras, '$.originalTransactionId'), json_extract(extras, '$.originalProcessorTxnId'),
    processor_txn_id)
) WHERE kind = 'void';
