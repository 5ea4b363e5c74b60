-- read-staging-state.sql: marking inputs for the children in $1 (text[]).
SELECT person_id, legacy_id, current_hash, previous_hash, row_state, submission_status, offered_at IS NOT NULL AS offered,
       valid_until::text AS valid_until
  FROM {{staging_table}} WHERE person_id = ANY ($1::text[]);
