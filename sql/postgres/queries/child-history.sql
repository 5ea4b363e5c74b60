-- child-history.sql: every POST that carried child @person_id, oldest first, with its receipt for the child.
SELECT to_char(attempted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS attempted_at,
       batch_id::text AS batch_id, attempt, child_count, http_status, outcome, duration_ms,
       receipts ->> @person_id AS receipt, left(response_excerpt, 200) AS response_excerpt
  FROM {{schema}}.ssd_delta_api_attempt WHERE @person_id = ANY (person_ids) ORDER BY id;
