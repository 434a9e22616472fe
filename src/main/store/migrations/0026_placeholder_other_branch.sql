-- Placeholder for schema 26, which another branch of issue #24 takes: migrate.ts refuses gaps, and this
-- branch's own migrations are 0029 and 0030. Drop this file at merge (the lead renumbers).
SELECT 1;
