-- Schema 25: chargebacks and eCheck returns go back to the EHR (#24).
--
-- Each chargeback that takes money, and each eCheck (ACH) return, becomes a payment event of its own — the
-- reversal of its original payment, stored through intake like any event and posted as the site's reversal.
-- reversal_event_id links the case action or the return to that event: it is set once, so importing the same
-- file again (or another file naming the same case) adds no second reversal.
--
-- payment_events.kind keeps its four kinds: a reversal is a refund-kind event whose extras say what reversed
-- the payment. Widening that CHECK would mean rebuilding the table every other table references, which SQLite
-- allows only with foreign keys off, and migrations run with them on.
ALTER TABLE chargebacks ADD COLUMN reversal_event_id INTEGER REFERENCES payment_events (id);
CREATE UNIQUE INDEX chargebacks_reversal ON chargebacks (reversal_event_id) WHERE reversal_event_id IS NOT NULL;

-- eCheck returns as Cybersource reports them (ACH return code R01…R85 from the receiving bank), each linked to
-- its original payment by the processor's request id. A return whose payment Clearpost does not have is kept
-- here with event_id NULL (and in quarantine with its reason), never dropped.
CREATE TABLE echeck_returns (
  id                INTEGER PRIMARY KEY,
  file_id           INTEGER REFERENCES imported_files (id),
  request_id        TEXT    NOT NULL,
  merchant_ref      TEXT,
  return_code       TEXT    NOT NULL CHECK (return_code GLOB 'R[0-9A-Z][0-9A-Z]'),
  -- The return code in plain words, as shown to the operator.
  reason            TEXT    NOT NULL,
  -- What the return takes back from the merchant (always positive).
  amount_minor      INTEGER NOT NULL CHECK (amount_minor > 0),
  currency          TEXT    NOT NULL CHECK (length(currency) = 3),
  return_date       TEXT    NOT NULL,
  event_id          INTEGER REFERENCES payment_events (id),
  reversal_event_id INTEGER REFERENCES payment_events (id),
  imported_at       INTEGER NOT NULL,
  UNIQUE (request_id, return_code, return_date)
) STRICT;
CREATE INDEX echeck_returns_request ON echeck_returns (request_id);
CREATE INDEX echeck_returns_date ON echeck_returns (return_date);
CREATE UNIQUE INDEX echeck_returns_reversal ON echeck_returns (reversal_event_id) WHERE reversal_event_id IS NOT NULL;
