-- Schema 21: what the bank says reached the accounts (#24), from BAI2 or camt.053 statements (the file itself
-- is an imported_files row). Amounts are signed minor units: credits positive, debits negative. Only the last
-- four characters of an account number are kept.
--
-- dedupe_key: the same entry reported again (a statement re-sent, an intraday file and the next morning's) is
-- one deposit: account, booking date, amount, type code, references and its occurrence among identical entries.
CREATE TABLE bank_deposits (
  id                 INTEGER PRIMARY KEY,
  file_id            INTEGER NOT NULL REFERENCES imported_files (id),
  line               INTEGER NOT NULL CHECK (line >= 1),
  format             TEXT    NOT NULL CHECK (format IN ('bai2', 'camt053')),
  account_last4      TEXT    NOT NULL,
  booking_date       TEXT    NOT NULL CHECK (booking_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  value_date         TEXT,
  amount_minor       INTEGER NOT NULL,
  currency           TEXT    NOT NULL CHECK (length(currency) = 3),
  direction          TEXT    NOT NULL CHECK (direction IN ('credit', 'debit', 'other')),
  type_code          TEXT    NOT NULL,
  bank_reference     TEXT,
  customer_reference TEXT,
  text               TEXT    NOT NULL DEFAULT '',
  dedupe_key         TEXT    NOT NULL UNIQUE,
  imported_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX bank_deposits_date ON bank_deposits (booking_date);
