-- remove-unsent.sql: removes staging rows of gone children ($1 text[]) that the API never
-- accepted (nothing to purge there). Rows the API holds are marked deleted instead.
DELETE FROM {{staging_table}} WHERE person_id = ANY ($1::text[]) AND previous_hash IS NULL;
