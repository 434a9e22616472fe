-- Schema 20: processor funding (#24). Cybersource's Purchase & Refund Details say, per transaction, the
-- settlement batch, the fees (interchange, discount, dues and assessments) and the amount funded; the Net
-- Funding report gives each period's totals. Amounts are signed minor units: purchases positive, refunds and
-- chargebacks negative; a fee is a positive cost, and funding = amount - total fee.
--
-- funding_items: one row per processor transaction and kind. request_id is the processor transaction id, so
-- each payment (payment_events.processor_txn_id) finds its batch, funding date, fees and net amount; a row may
-- arrive before or without its payment event, which the cash balance reports.
CREATE TABLE funding_items (
  id                     INTEGER PRIMARY KEY,
  file_id                INTEGER REFERENCES imported_files (id),
  merchant_id            TEXT    NOT NULL,
  request_id             TEXT    NOT NULL CHECK (length(request_id) BETWEEN 1 AND 250),
  kind                   TEXT    NOT NULL CHECK (kind IN ('purchase', 'refund', 'chargeback')),
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
CREATE INDEX funding_items_batch ON funding_items (merchant_id, batch_id, currency);
CREATE INDEX funding_items_date ON funding_items (funding_date);

-- funding_batches: the batches money moves in, totalled from their items on every import (a batch's rows can
-- come in several files). The net is what the bank should receive for the batch.
CREATE TABLE funding_batches (
  id                INTEGER PRIMARY KEY,
  merchant_id       TEXT    NOT NULL,
  batch_id          TEXT    NOT NULL,
  currency          TEXT    NOT NULL CHECK (length(currency) = 3),
  funding_date      TEXT    NOT NULL,
  items             INTEGER NOT NULL DEFAULT 0,
  purchases_minor   INTEGER NOT NULL DEFAULT 0,
  refunds_minor     INTEGER NOT NULL DEFAULT 0,
  chargebacks_minor INTEGER NOT NULL DEFAULT 0,
  fees_minor        INTEGER NOT NULL DEFAULT 0,
  net_minor         INTEGER NOT NULL DEFAULT 0,
  UNIQUE (merchant_id, batch_id, currency)
) STRICT;
CREATE INDEX funding_batches_date ON funding_batches (funding_date);

-- net_funding_totals: the Net Funding report's totals for a period, per merchant and currency, to compare with
-- the sum of the details.
CREATE TABLE net_funding_totals (
  id                INTEGER PRIMARY KEY,
  file_id           INTEGER REFERENCES imported_files (id),
  merchant_id       TEXT    NOT NULL,
  start_time        TEXT    NOT NULL,
  end_time          TEXT    NOT NULL,
  currency          TEXT    NOT NULL CHECK (length(currency) = 3),
  purchases_minor   INTEGER NOT NULL,
  refunds_minor     INTEGER NOT NULL,
  fees_minor        INTEGER NOT NULL,
  chargebacks_minor INTEGER NOT NULL,
  net_minor         INTEGER NOT NULL,
  imported_at       INTEGER NOT NULL,
  UNIQUE (merchant_id, start_time, end_time, currency)
) STRICT;
