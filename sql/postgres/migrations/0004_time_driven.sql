-- 0004_time_driven.sql: when a child's document changes with no row changing (payload.md,
-- Reporting window: items leave the window on 1 April, future-dated items enter it, children
-- turn 26, census dates appear).

-- The first day on which the child's document (as built now) changes by time alone; NULL when
-- it never does. The cycle of that day (or the first one after it) rebuilds the child.
ALTER TABLE {{staging}} ADD COLUMN IF NOT EXISTS valid_until date;
CREATE INDEX IF NOT EXISTS {{staging_table}}_valid_until_idx ON {{staging}} (valid_until)
  WHERE valid_until IS NOT NULL;

-- The same day for children with no staging row (out of the cohort today, in it later: a
-- future-dated referral, an expected birth). A child has its day in one place only.
CREATE TABLE IF NOT EXISTS {{schema}}.ssd_delta_wakeup (
  person_id  varchar(48) PRIMARY KEY,
  due_on     date NOT NULL
);
CREATE INDEX IF NOT EXISTS ssd_delta_wakeup_due_idx ON {{schema}}.ssd_delta_wakeup (due_on);

-- The last marking cycle: its "today", and the key of what besides rows and day decides a
-- document (ssd-delta's version, payload.codes, the cohort list). Due days assume time moves
-- forward, and stored documents assume the same build: a cycle whose today is earlier (a replay
-- with --as-of) or whose key differs (an upgrade, a new code mapping) re-evaluates every child.
CREATE TABLE IF NOT EXISTS {{schema}}.ssd_delta_last_cycle (
  single     boolean PRIMARY KEY DEFAULT true CHECK (single),
  day        date NOT NULL,
  build_key  text NOT NULL
);
