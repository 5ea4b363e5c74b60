-- write-last-send.sql: the last sending run: $1 sent, $2 errors, $3 released, $4 stopped (text or NULL).
INSERT INTO {{schema}}.ssd_delta_last_send (single, finished_at, sent, errors, released, stopped) VALUES (true, now(), $1, $2, $3, $4)
ON CONFLICT (single) DO UPDATE
   SET finished_at = EXCLUDED.finished_at, sent = EXCLUDED.sent, errors = EXCLUDED.errors,
       released = EXCLUDED.released, stopped = EXCLUDED.stopped;
