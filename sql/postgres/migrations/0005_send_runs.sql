-- 0005_send_runs.sql: the last sending run, so `status` can say how it went and why it stopped.
CREATE TABLE IF NOT EXISTS ssd_delta_last_send (
  single        boolean PRIMARY KEY DEFAULT true CHECK (single),
  finished_at   timestamptz NOT NULL,
  sent          integer NOT NULL,
  errors        integer NOT NULL,   -- children refused (now error)
  released      integer NOT NULL,   -- children the API could not take (back to pending)
  stopped       text                -- why the circuit breaker stopped the run, or NULL
);
