-- take-migration-lock.sql: waits for, then holds until the transaction ends, the advisory lock
-- every ssd-delta process takes while migrating (any fixed number: 0x55dde17a), so two processes
-- starting at once apply each migration once. It is the same in every schema of the database.
-- SQL Server's file names its lock (@lock) and bounds the wait (@wait_ms); here the statement
-- waits as long as the server lets it. No parameters, no result.
SELECT pg_advisory_xact_lock(1440604538);
