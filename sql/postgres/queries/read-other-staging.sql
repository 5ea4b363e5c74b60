-- read-other-staging.sql: staging tables other than @staging_table that ssd-delta has migrated in
-- this schema (there must be none: one ssd-delta per schema). Result: staging_table.
SELECT DISTINCT staging_table FROM {{schema}}.ssd_delta_migration WHERE staging_table <> @staging_table;
