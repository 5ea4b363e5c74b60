-- 0009_named_streams.sql: nothing to do on SQL Server. On Postgres the capture trigger now logs
-- the stream it is given rather than the table's name (an LA's SSD may name a table otherwise);
-- Change Tracking reads name their stream already. Kept so the two dialects' migrations stay
-- numbered alike. No parameters.
SELECT 1;
