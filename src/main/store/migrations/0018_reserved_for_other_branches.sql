-- Schema 18: reserved. Migration 0018 belongs to a change merged from another branch; this placeholder only
-- keeps the numbering without gaps on the branch that added 0020 (migrate.ts refuses a gap). At merge the
-- real 0018 replaces this file: delete it then.
SELECT 1;
