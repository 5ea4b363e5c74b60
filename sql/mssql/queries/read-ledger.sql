-- read-ledger.sql: the migrations applied for staging table @staging_table. Result: name.
SELECT name FROM {{schema}}.ssd_delta_migration WHERE staging_table = @staging_table;
