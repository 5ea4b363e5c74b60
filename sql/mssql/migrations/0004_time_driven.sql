-- 0004_time_driven.sql: when a child's document changes with no row changing (payload.md,
-- Reporting window: items leave the window on 1 April, future-dated items enter it, children
-- turn 26, census dates appear). No parameters. Batches are separated by GO: an index on a
-- column added in the same batch would not compile.

-- The first day on which the child's document (as built now) changes by time alone; NULL when
-- it never does. The cycle of that day (or the first one after it) rebuilds the child.
IF COL_LENGTH(N'{{staging}}', N'valid_until') IS NULL
  ALTER TABLE {{staging}} ADD valid_until DATE NULL;
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{{staging_table}}_valid_until_idx' AND object_id = OBJECT_ID(N'{{staging}}'))
  CREATE INDEX {{staging_table}}_valid_until_idx ON {{staging}} (valid_until) WHERE valid_until IS NOT NULL;

-- The same day for children with no staging row (out of the cohort today, in it later: a
-- future-dated referral, an expected birth). A child has its day in one place only.
IF OBJECT_ID(N'{{schema}}.ssd_delta_wakeup', N'U') IS NULL
CREATE TABLE {{schema}}.ssd_delta_wakeup (
  person_id  NVARCHAR(48) NOT NULL CONSTRAINT ssd_delta_wakeup_pkey PRIMARY KEY,
  due_on     DATE NOT NULL
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_delta_wakeup_due_idx' AND object_id = OBJECT_ID(N'{{schema}}.ssd_delta_wakeup'))
  CREATE INDEX ssd_delta_wakeup_due_idx ON {{schema}}.ssd_delta_wakeup (due_on);

-- The last marking cycle: its "today", and the key of what besides rows and day decides a
-- document (ssd-delta's version, payload.codes, the cohort list). A cycle whose today is
-- earlier or whose key differs re-evaluates every child.
IF OBJECT_ID(N'{{schema}}.ssd_delta_last_cycle', N'U') IS NULL
CREATE TABLE {{schema}}.ssd_delta_last_cycle (
  single     BIT NOT NULL CONSTRAINT ssd_delta_last_cycle_pkey PRIMARY KEY CONSTRAINT ssd_delta_last_cycle_single_ck CHECK (single = 1),
  day        DATE NOT NULL,
  build_key  NVARCHAR(200) NOT NULL
);
