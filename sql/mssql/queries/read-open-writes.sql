-- read-open-writes.sql: the transactions open in this database (DB_ID(), the SSD's) for at
-- least @older_than_seconds that have written and not committed: what no cycle can read until
-- they commit (Change Tracking shows a transaction's changes at its commit). Other sessions' only
-- (not @@SPID); a transaction has written once it has a log record here, and its age is counted
-- from the first (database_transaction_begin_time, local time). One whose session is gone (an
-- in-doubt distributed transaction) is named by its transaction_id, prepared when
-- sys.dm_tran_active_transactions says so (state 4 or 5). The sys.dm_tran_* views need VIEW
-- SERVER STATE (2022: VIEW SERVER PERFORMANCE STATE): without, they are not read and the one row
-- says visible 0 with the GRANT to ask. Never the query text, the login or a value. Reads only.
-- Result: one row per transaction, oldest first, each with visible, grant_needed and unseen (0);
-- a single row with pid NULL when there is none.
IF HAS_PERMS_BY_NAME(NULL, NULL, 'VIEW SERVER STATE') = 1 OR HAS_PERMS_BY_NAME(NULL, NULL, 'VIEW SERVER PERFORMANCE STATE') = 1
  SELECT CAST(1 AS BIT) AS visible, CAST(NULL AS NVARCHAR(300)) AS grant_needed, 0 AS unseen,
         w.[database], w.pid, w.application, w.seconds, w.prepared
    FROM (SELECT 1 AS one) AS v
    LEFT JOIN (
      SELECT DB_NAME() AS [database],
             COALESCE(CAST(st.session_id AS NVARCHAR(20)), CAST(dt.transaction_id AS NVARCHAR(20))) AS pid,
             COALESCE(s.program_name, N'') AS application,
             CAST(DATEDIFF_BIG(MILLISECOND, dt.database_transaction_begin_time, GETDATE()) AS FLOAT) / 1000 AS seconds,
             CAST(CASE WHEN at.transaction_state IN (4, 5) THEN 1 ELSE 0 END AS BIT) AS prepared
        FROM sys.dm_tran_database_transactions AS dt
        LEFT JOIN sys.dm_tran_session_transactions AS st ON st.transaction_id = dt.transaction_id
        LEFT JOIN sys.dm_exec_sessions AS s ON s.session_id = st.session_id
        LEFT JOIN sys.dm_tran_active_transactions AS at ON at.transaction_id = dt.transaction_id
       WHERE dt.database_id = DB_ID()
         AND dt.database_transaction_log_record_count > 0
         AND (st.session_id IS NULL OR st.session_id <> @@SPID)
         AND DATEDIFF_BIG(MILLISECOND, dt.database_transaction_begin_time, GETDATE()) >= CAST(@older_than_seconds AS BIGINT) * 1000
    ) AS w ON 1 = 1
   ORDER BY w.seconds DESC;
ELSE
  SELECT CAST(0 AS BIT) AS visible,
         N'GRANT VIEW SERVER STATE TO ' + QUOTENAME(SUSER_SNAME()) + N' (in master; on SQL Server 2022 VIEW SERVER PERFORMANCE STATE is enough)' AS grant_needed,
         0 AS unseen, CAST(NULL AS NVARCHAR(128)) AS [database], CAST(NULL AS NVARCHAR(20)) AS pid,
         CAST(NULL AS NVARCHAR(128)) AS application, CAST(NULL AS FLOAT) AS seconds, CAST(NULL AS BIT) AS prepared;
