-- write-last-send.sql: the last sending run: @sent sent, @errors errors, @released released, @stopped stopped (text or NULL).
INSERT INTO {{schema}}.ssd_delta_last_send (single, finished_at, sent, errors, released, stopped) VALUES (true, now(), @sent, @errors, @released, @stopped)
ON CONFLICT (single) DO UPDATE
   SET finished_at = EXCLUDED.finished_at, sent = EXCLUDED.sent, errors = EXCLUDED.errors,
       released = EXCLUDED.released, stopped = EXCLUDED.stopped;
