-- take-migration-lock.sql: holds the application lock @lock (one per schema) until the
-- transaction ends, waiting at most @wait_ms for another process's migration: two processes
-- starting at once apply each migration once, and the second waits for the first. No result.
DECLARE @r INT;
EXEC @r = sp_getapplock @Resource = @lock, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = @wait_ms;
IF @r < 0 THROW 50001, 'ssd-delta: another process held the migration lock for as long as init could wait; run init again when it has finished', 1;
