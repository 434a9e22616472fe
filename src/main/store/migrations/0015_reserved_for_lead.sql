-- Schema 15: reserved. Migration 0015 belongs to a change merged from another branch; this placeholder only
-- keeps the numbering without gaps on the branch that added 0016 (migrate.ts refuses a gap). At merge the
-- real 0015 replaces this file: delete it then.
SELECT 1;
