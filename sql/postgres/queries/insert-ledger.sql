-- insert-ledger.sql: records migration @name as applied for staging table @staging_table. No result.
INSERT INTO {{schema}}.ssd_delta_migration (name, staging_table) VALUES (@name, @staging_table);
