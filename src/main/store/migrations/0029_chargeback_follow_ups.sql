-- Schema 29: what follows a chargeback or an eCheck return (#24).
--
-- A won case: the card holder's bank gives the money back to the merchant (a representment won, the
-- chargeback reversed). Its case action is re-posted to the EHR as the site's payment again, a new event that
-- repost_event_id links (set once, so a re-import re-posts nothing). The processor funds that money back, so
-- funding_items takes a fifth kind, 'chargeback_reversal', positive like a purchase; its UNIQUE (request_id,
-- kind) keeps a payment's chargeback and the money won back as two rows.
--
-- An unmatched chargeback or return (Clearpost has no payment under its request id) is quarantined; its
-- quarantine entry is remembered so that, when the payment arrives and the case links up, the entry is closed
-- as released to the reversal made for it. The partial indexes keep the "anything waiting?" look taken after
-- every intake write to a read of the few waiting rows.
ALTER TABLE chargebacks ADD COLUMN repost_event_id INTEGER REFERENCES payment_events (id);
CREATE UNIQUE INDEX chargebacks_repost ON chargebacks (repost_event_id) WHERE repost_event_id IS NOT NULL;
ALTER TABLE chargebacks ADD COLUMN quarantine_id INTEGER REFERENCES quarantined_inputs (id);
CREATE INDEX chargebacks_unmatched ON chargebacks (request_id) WHERE event_id IS NULL;
CREATE INDEX chargebacks_case ON chargebacks (case_number);
ALTER TABLE echeck_returns ADD COLUMN quarantine_id INTEGER REFERENCES quarantined_inputs (id);
CREATE INDEX echeck_returns_unmatched ON echeck_returns (request_id) WHERE event_id IS NULL;

-- funding_items is referenced by no other table, so it is rebuilt in place to widen its kind CHECK.
CREATE TABLE funding_items_new (
  id                     INTEGER PRIMARY KEY,
  file_id                INTEGER REFERENCES imported_files (id),
  merchant_id            TEXT    NOT NULL,
  request_id             TEXT    NOT NULL CHECK (length(request_id) BETWEEN 1 AND 250),
  kind                   TEXT    NOT NULL
                           CHECK (kind IN ('purchase', 'refund', 'chargeback', 'chargeback_reversal')),
  transaction_type       TEXT    NOT NULL,
  batch_id               TEXT    NOT NULL,
  funding_date           TEXT    NOT NULL CHECK (funding_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  currency               TEXT    NOT NULL CHECK (length(currency) = 3),
  amount_minor           INTEGER NOT NULL,
  interchange_minor      INTEGER NOT NULL DEFAULT 0,
  discount_minor         INTEGER NOT NULL DEFAULT 0,
  dues_assessments_minor INTEGER NOT NULL DEFAULT 0,
  total_fee_minor        INTEGER NOT NULL DEFAULT 0,
  funding_minor          INTEGER NOT NULL,
  settlement_status      TEXT,
  settlement_time        TEXT,
  imported_at            INTEGER NOT NULL,
  UNIQUE (request_id, kind)
) STRICT;
INSERT INTO funding_items_new SELECT * FROM funding_items;
DROP TABLE funding_items;
ALTER TABLE funding_items_new RENAME TO funding_items;
CREATE INDEX funding_items_batch ON funding_items (merchant_id, batch_id, currency);
CREATE INDEX funding_items_date ON funding_items (funding_date);
