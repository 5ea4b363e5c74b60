-- 0007_table_guard.sql: what lets a cycle tell a table being reloaded from one that changed.
-- Per stream (SSD table): how many rows it had when a cycle last marked from it, and, while
-- cycles hold for it (shrunk far below that, or truncated and still being reloaded), what the
-- first such cycle saw and since when: a table is taken once it has settled, or after
-- capture.reloadGraceMinutes. No parameters.
IF OBJECT_ID(N'{{schema}}.ssd_delta_table_guard', N'U') IS NULL
CREATE TABLE {{schema}}.ssd_delta_table_guard (
  stream        VARCHAR(63) NOT NULL CONSTRAINT ssd_delta_table_guard_pkey PRIMARY KEY,
  marked_rows   BIGINT NULL,              -- rows at the last cycle that marked; NULL before one
  held_seen     NVARCHAR(100) NULL,       -- what the last cycle held for it saw (rows and changes)
  held_since    DATETIME2(3) NULL         -- when the first cycle held for it; NULL when none is
);
