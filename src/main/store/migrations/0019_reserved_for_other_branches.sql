-- Schema 19: reserved. Migration 0019 belongs to a change merged from another branch; this placeholder only
-- keeps the numbering without gaps on the branch that added 0020 (migrate.ts refuses a gap). At merge the
-- real 0019 replaces this file: delete it then.
SELECT 1;
