-- answers-by-hour.sql: what the API answered, hour by hour (UTC) over the last @hours hours, for the
-- status page's chart: children accepted (POSTs answered 'sent') and POSTs it did not take
-- (refused, not taken, sent again, split). Result: hour ('YYYY-MM-DDTHH'), accepted, failed_posts.
SELECT to_char(attempted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24') AS hour,
       coalesce(sum(child_count) FILTER (WHERE outcome = 'sent'), 0)::int AS accepted,
       (count(*) FILTER (WHERE outcome <> 'sent'))::int AS failed_posts
  FROM {{schema}}.ssd_delta_api_attempt
 WHERE attempted_at >= now() - make_interval(hours => @hours::int)
 GROUP BY 1 ORDER BY 1;
