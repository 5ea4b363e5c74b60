-- 0008_binary_row_keys.sql: nothing to do on Postgres. On SQL Server this makes row keys compare
-- byte for byte (a Windows collation gives the U+001F between a composite key's parts no weight);
-- Postgres' collations are deterministic, so two row keys are equal only when their text is.
-- Kept so the two dialects' migrations stay numbered alike. No parameters.
SELECT 1;
