-- read-leases.sql: the children under a lease, by the run that holds it (leased_by; NULL for a
-- claim made before 0012), with when the last lease runs out (until, ISO UTC). No parameters.
SELECT leased_by, count(*) AS children,
       CONVERT(VARCHAR(19), max(lease_expires_at), 126) + 'Z' AS until
  FROM {{staging}} WHERE lease_expires_at IS NOT NULL
 GROUP BY leased_by ORDER BY max(lease_expires_at);
