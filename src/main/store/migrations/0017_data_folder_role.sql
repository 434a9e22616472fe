-- Schema 17: what this database holds, production or the sandbox's synthetic payments (issue 19 item 5). A
-- data folder that once held a real payment must never start the sandbox again, even when settings.json (the
-- only other record of its real EHR connections) is lost; so the fact lives in the database itself, in one
-- row that nothing deletes.
--
-- The row is written by the trigger below when the first real event is stored (any source but 'sandbox'),
-- by the app when it starts with a real EHR connection or webhook subscription configured, and as 'sandbox'
-- when the app opens its separate sandbox database (sandbox/clearpost-sandbox.sqlite). The first role wins:
-- a database is never relabelled.
CREATE TABLE data_folder_role (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  role       TEXT    NOT NULL CHECK (role IN ('production', 'sandbox')),
  -- 'real_event', 'real_connection', 'webhook_subscription' or 'sandbox_database'.
  reason     TEXT    NOT NULL,
  marked_at  INTEGER NOT NULL
) STRICT;

-- Databases written before this migration: a real event already stored marks them production. Before 0017
-- the sandbox stored its manual-workflow payments as source 'manual' in this same database, so a folder that
-- only ever ran the sandbox may be marked too; that errs on the safe side (start the sandbox on a new folder).
INSERT INTO data_folder_role (id, role, reason, marked_at)
SELECT 1, 'production', 'real_event', CAST(strftime('%s', 'now') AS INTEGER) * 1000
WHERE EXISTS (SELECT 1 FROM payment_events WHERE source <> 'sandbox')
   OR EXISTS (SELECT 1 FROM quarantined_inputs WHERE source <> 'sandbox');

CREATE TRIGGER payment_events_mark_production
AFTER INSERT ON payment_events
WHEN NEW.source <> 'sandbox'
BEGIN
  INSERT OR IGNORE INTO data_folder_role (id, role, reason, marked_at)
  VALUES (1, 'production', 'real_event', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;

-- A refused real input is real data too (it holds patient identifiers).
CREATE TRIGGER quarantined_inputs_mark_production
AFTER INSERT ON quarantined_inputs
WHEN NEW.source <> 'sandbox'
BEGIN
  INSERT OR IGNORE INTO data_folder_role (id, role, reason, marked_at)
  VALUES (1, 'production', 'real_event', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
END;
