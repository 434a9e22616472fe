-- Schema 23: chargebacks from Cybersource's Chargeback Details (#24): each action on a case (the first
-- chargeback, a representment, a reversal) with its amount, reason code and the date the response is due (a
-- missed deadline usually loses the case). event_id links the original payment when Clearpost has it.
CREATE TABLE chargebacks (
  id                       INTEGER PRIMARY KEY,
  file_id                  INTEGER REFERENCES imported_files (id),
  request_id               TEXT    NOT NULL,
  merchant_ref             TEXT,
  case_number              TEXT    NOT NULL,
  action                   TEXT    NOT NULL,
  reason_code              TEXT,
  -- What the case takes from the merchant: positive for a chargeback, negative when money comes back.
  amount_minor             INTEGER NOT NULL,
  currency                 TEXT    NOT NULL CHECK (length(currency) = 3),
  original_settlement_date TEXT,
  chargeback_date          TEXT    NOT NULL,
  response_due_date        TEXT,
  event_id                 INTEGER REFERENCES payment_events (id),
  imported_at              INTEGER NOT NULL,
  UNIQUE (case_number, action, chargeback_date)
) STRICT;
CREATE INDEX chargebacks_due ON chargebacks (response_due_date);
CREATE INDEX chargebacks_request ON chargebacks (request_id);
