-- Schema 16: failed sign-ins and lockouts of serve mode, kept across restarts (issue 20 item 6). Before this
-- they lived in a map keyed by the full user name as typed (up to the 1 MiB request limit) that was never
-- pruned, and a restart forgot every lockout.
--
-- The key is the user name trimmed and lower-cased, at most 256 characters (longer names are refused before
-- they key anything). The table holds at most a bounded number of rows: the least recently failed are deleted
-- first (auth/sign-in-failures.ts), and failures a day old with no lock in force are forgotten.
CREATE TABLE sign_in_failures (
  username_key    TEXT    PRIMARY KEY CHECK (length(username_key) BETWEEN 1 AND 256),
  failures        INTEGER NOT NULL CHECK (failures > 0),
  -- 0 while not locked.
  locked_until    INTEGER NOT NULL,
  last_failed_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX sign_in_failures_by_last_failure ON sign_in_failures (last_failed_at);
