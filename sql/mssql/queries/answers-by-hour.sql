-- answers-by-hour.sql: what the API answered, hour by hour (UTC: attempted_at is) over the last
-- @hours hours, for the status page's chart: children accepted (POSTs answered 'sent') and POSTs
-- it did not take (refused, not taken, sent again, split).
-- Result: hour ('YYYY-MM-DDTHH'), accepted, failed_posts.
SELECT a.hour,
       SUM(CASE WHEN a.outcome = 'sent' THEN a.child_count ELSE 0 END) AS accepted,
       SUM(CASE WHEN a.outcome <> 'sent' THEN 1 ELSE 0 END) AS failed_posts
  FROM (SELECT CONVERT(VARCHAR(13), attempted_at, 126) AS hour, outcome, child_count
          FROM {{schema}}.ssd_delta_api_attempt
         WHERE attempted_at >= DATEADD(HOUR, -@hours, SYSUTCDATETIME())) AS a
 GROUP BY a.hour ORDER BY a.hour;
