-- attention-children.sql: the children an operator may need to look at, for the status page
-- shown with serve.token: refused by the API (error), failing the DfE schema (invalid), then the
-- longest waiting to be sent (pending, sending); at most @limit rows. The reason is ssd-delta's own
-- words (api_response up to its first ' - ', the API's detail which may quote values left out;
-- validation_errors names paths and rules only). Refused and invalid: the partial index of 0011,
-- oldest first; waiting: the status index.
-- Result: person_id, submission_status, since, reason.
SELECT person_id, submission_status, since, reason FROM (
  (SELECT person_id, submission_status, last_updated AS since, split_part(coalesce(api_response, ''), ' - ', 1) AS reason, 1 AS rank
     FROM {{staging}} WHERE submission_status = 'error' ORDER BY last_updated, id LIMIT @limit)
  UNION ALL
  (SELECT person_id, submission_status, last_updated, left(coalesce(validation_errors, ''), 300), 2
     FROM {{staging}} WHERE submission_status = 'invalid' ORDER BY last_updated, id LIMIT @limit)
  UNION ALL
  (SELECT person_id, submission_status, coalesce(waiting_since, last_updated), '', 3
     FROM {{staging}} WHERE submission_status IN ('pending', 'sending') ORDER BY coalesce(waiting_since, last_updated), id LIMIT @limit)
) AS a
 ORDER BY rank, since, person_id LIMIT @limit;
