-- replace-owners.sql: makes the owner map of the rebuilt children (@children, JSON array) exactly
-- the rows they were built from (@owners, JSON array of {stream, row_key, person_id}). Only
-- differences are written: entries no longer fed are deleted, new ones inserted. Row keys are
-- compared byte for byte (0008_binary_row_keys.sql). No result.
DECLARE @incoming TABLE (
  stream VARCHAR(63) NOT NULL, row_key NVARCHAR(300) COLLATE Latin1_General_100_BIN2 NOT NULL, person_id NVARCHAR(48) NOT NULL,
  PRIMARY KEY (stream, row_key, person_id));
INSERT INTO @incoming (stream, row_key, person_id)
SELECT DISTINCT stream, row_key COLLATE Latin1_General_100_BIN2, person_id
  FROM OPENJSON(@owners) WITH (stream VARCHAR(63), row_key NVARCHAR(300), person_id NVARCHAR(48));
DELETE o FROM {{schema}}.ssd_delta_owner AS o
  JOIN OPENJSON(@children) WITH (person_id NVARCHAR(48) '$') AS c ON c.person_id = o.person_id
 WHERE NOT EXISTS (SELECT 1 FROM @incoming AS i WHERE i.stream = o.stream AND i.row_key = o.row_key AND i.person_id = o.person_id);
INSERT INTO {{schema}}.ssd_delta_owner (stream, row_key, person_id)
SELECT i.stream, i.row_key, i.person_id FROM @incoming AS i
 WHERE NOT EXISTS (SELECT 1 FROM {{schema}}.ssd_delta_owner AS o WITH (UPDLOCK, HOLDLOCK)
                    WHERE o.stream = i.stream AND o.row_key = i.row_key AND o.person_id = i.person_id);
