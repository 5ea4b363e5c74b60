-- read-leases.sql: the children under a lease, by the run that holds it (leased_by; NULL for a
-- claim made before 0012), with when the last lease runs out (until, ISO UTC). No parameters.
SELECT leased_by, count(*)::int AS children,
       to_char(max(lease_expires_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS until
  FROM {{staging}} WHERE lease_expires_at IS NOT NULL
 GROUP BY leased_by ORDER BY max(lease_expires_at);
