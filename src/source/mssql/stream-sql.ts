import { directPersonColumn, isKeyLinked, needsOwnerMap, type Reach, type StreamDefinition } from '../../streams/stream-definition.js';
import type { SqlNames } from '../sql-names.js';

/**
 * T-SQL generated from a validated stream definition (identifiers only; every value is a bound
 * parameter), every table schema-qualified and bracketed through {@link SqlNames}. Composite
 * keys are joined with U+001F, as on Postgres, so row keys are the same text on both dialects,
 * and compared in {@link ROW_KEY_COLLATION} (Windows collations give U+001F no weight, and ignore
 * case: ('1','23') and ('12','3') would be one key). Each text starts with a `-- generated:` line naming what it is, which
 * the SQL Server trace and the fake pool in the tests both show.
 */

/** Row keys are compared byte for byte: the owner map's and the fingerprints' row_key columns have this collation (0008). */
export const ROW_KEY_COLLATION = 'Latin1_General_100_BIN2';

/** The row-key text of alias's key columns. */
function rowKeyExpression(def: StreamDefinition, alias: string): string {
  if (def.key.length === 1) return `CONVERT(NVARCHAR(300), ${alias}.${def.key[0]})`;
  return `CONCAT(${def.key.map((c) => `ISNULL(CONVERT(NVARCHAR(300), ${alias}.${c}), N'')`).join(', NCHAR(31), ')})`;
}

/** The OPENJSON WITH clause reading @keys: a JSON array of key-part arrays. */
function keyParts(def: StreamDefinition): string {
  return `OPENJSON(@keys) WITH (${def.key.map((_, i) => `c${i} NVARCHAR(300) '$[${i}]'`).join(', ')}) AS k`;
}

/** The JOIN clauses of one reach path starting at alias t0, and the person column reached. */
function reachJoins(reach: Reach, n: SqlNames): { joins: string; person: string } {
  const joins: string[] = [];
  let previous = 't0';
  (reach.via ?? []).forEach((hop, i) => {
    const alias = `t${i + 1}`;
    joins.push(`JOIN ${n.ssd(hop.table)} AS ${alias} ON ${alias}.${hop.to} = ${previous}.${hop.from}`);
    previous = alias;
  });
  return { joins: joins.join(' '), person: `${previous}.${reach.person}` };
}

/** A key-linked path joined from the key parts in @keys (or from every row of its first hop). */
function keyLinkedQuery(def: StreamDefinition, reach: Reach, keyed: boolean, n: SqlNames): string {
  const [first, ...rest] = reach.via ?? [];
  if (!first) throw new Error(`${def.stream}: a key-linked path needs a hop`);
  const joins: string[] = [];
  let previous = 't1';
  rest.forEach((hop, i) => {
    const alias = `t${i + 2}`;
    joins.push(`JOIN ${n.ssd(hop.table)} AS ${alias} ON ${alias}.${hop.to} = ${previous}.${hop.from}`);
    previous = alias;
  });
  const person = `${previous}.${reach.person}`;
  const from = keyed ? `${keyParts(def)} JOIN ${n.ssd(first.table)} AS t1 ON t1.${first.to} = k.c${def.key.indexOf(first.from)}` : `${n.ssd(first.table)} AS t1`;
  const where = keyed ? `${person} IS NOT NULL` : `t1.${first.to} IS NOT NULL AND ${person} IS NOT NULL`;
  // In the database's collation: an SSD copied from tempdb keeps the server's, and a UNION with ssd-delta's own columns would conflict (451).
  return `SELECT CONVERT(NVARCHAR(48), ${person}) COLLATE DATABASE_DEFAULT AS person_id FROM ${from} ${joins.join(' ')} WHERE ${where}`;
}

/**
 * Children reached now by the rows whose key parts are in @keys, through every reach path, plus
 * those the owner map remembers for the row keys in @row_keys (JSON array) of @stream, plus (in
 * fingerprint mode) the child each changed fingerprint names: an update that moves a row
 * touches the old and the new child, and a deleted row, or a content-keyed one, still reaches its child.
 */
export function childrenOfSql(def: StreamDefinition, fingerprints: boolean, n: SqlNames): string {
  const current = def.reach.map((reach) => {
    if (isKeyLinked(def, reach)) return keyLinkedQuery(def, reach, true, n);
    const { joins, person } = reachJoins(reach, n);
    const on = def.key.map((c, i) => `t0.${c} = k.c${i}`).join(' AND ');
    return `SELECT CONVERT(NVARCHAR(48), ${person}) COLLATE DATABASE_DEFAULT AS person_id FROM ${keyParts(def)} JOIN ${n.ssd(def.table)} AS t0 ON ${on} ${joins} WHERE ${person} IS NOT NULL`;
  });
  const keys = "OPENJSON(@row_keys) WITH (row_key NVARCHAR(300) '$') AS r";
  const sameKey = (alias: string) => `${alias}.row_key = r.row_key COLLATE ${ROW_KEY_COLLATION}`;
  current.push(`SELECT o.person_id FROM ${keys} JOIN ${n.own('ssd_delta_owner')} AS o ON o.stream = @stream AND ${sameKey('o')}`);
  if (fingerprints) {
    current.push(`SELECT f.person_id FROM ${keys} JOIN ${n.own('ssd_delta_fingerprint')} AS f ON f.stream = @stream AND ${sameKey('f')} WHERE f.person_id IS NOT NULL`);
  }
  return `-- generated: children-of ${def.stream}\nSELECT DISTINCT person_id FROM (${current.join('\nUNION ALL\n')}) AS reached`;
}

/** Every child a whole-table event of the stream can affect (owner map, or every key-linked path). */
export function childrenOfStreamSql(def: StreamDefinition, n: SqlNames): string {
  if (needsOwnerMap(def)) return `-- generated: children-of-stream ${def.stream}\nSELECT DISTINCT person_id FROM ${n.own('ssd_delta_owner')} WHERE stream = @stream`;
  const parts = def.reach.map((reach) => keyLinkedQuery(def, reach, false, n));
  return `-- generated: children-of-stream ${def.stream}\nSELECT DISTINCT person_id FROM (${parts.join('\nUNION ALL\n')}) AS reached`;
}

/**
 * Column list for a fetch, each under its standard name (the LA may call it otherwise: see
 * ssd-naming.ts): dates become YYYY-MM-DD text (style 23) so no time zone can shift them, and
 * text columns NVARCHAR whatever the LA's type (Mosaic holds some ids as INT).
 */
function selectColumns(def: StreamDefinition): string {
  return Object.entries(def.columns)
    .map(([name, kind]) => {
      const as = def.standard?.[name] ?? name;
      if (kind === 'date') return `CONVERT(CHAR(10), t0.${name}, 23) AS ${as}`;
      if (kind === 'text') return `CONVERT(NVARCHAR(MAX), t0.${name}) AS ${as}`;
      return `t0.${name} AS ${as}`;
    })
    .join(', ');
}

/** One set-based query: the stream's rows for the children in @person_ids (JSON array), tagged with child and key. */
export function fetchRowsSql(def: StreamDefinition, n: SqlNames): string {
  const parts = def.reach.map((reach) => {
    const { joins, person } = reachJoins(reach, n);
    return `SELECT CONVERT(NVARCHAR(48), ${person}) AS ssd_delta_person_id, ${rowKeyExpression(def, 't0')} AS ssd_delta_row_key, ${selectColumns(def)}
      FROM ${n.ssd(def.table)} AS t0 ${joins} JOIN OPENJSON(@person_ids) WITH (person_id NVARCHAR(48) '$') AS p ON p.person_id = ${person}`;
  });
  return `-- generated: fetch-rows ${def.stream}\n${parts.join('\nUNION\n')}`;
}

/**
 * capture.mode = direct: the changed keys of the stream's own table since @from_version (its
 * watermark) up to @to_version, from CHANGETABLE (which returns the table's primary key columns:
 * `init` checks they are the stream's key).
 */
export function directChangesSql(def: StreamDefinition, n: SqlNames): string {
  return `-- generated: read-changes (direct) ${def.stream}
SELECT @stream AS stream, 'row' AS kind, ${rowKeyExpression(def, 'ct')} AS row_key, 1 AS n, CAST(0 AS FLOAT) AS age_ms
  FROM CHANGETABLE(CHANGES ${n.ssd(def.table)}, @from_version) AS ct
 WHERE ct.SYS_CHANGE_VERSION <= @to_version
 ORDER BY ct.SYS_CHANGE_VERSION`;
}

/** Text of one column for hashing: NULL kept apart from '' by a marker (U+001E). */
function hashedColumn(name: string, kind: string): string {
  const text = kind === 'date' ? `CONVERT(NVARCHAR(10), t0.${name}, 23)` : `CONVERT(NVARCHAR(MAX), t0.${name})`;
  return `ISNULL(${text}, NCHAR(30))`;
}

/**
 * capture.mode = fingerprint: one set-based MERGE of the stream's rows into
 * ssd_delta_fingerprint, writing only rows whose SHA-256 over the columns ssd-delta reads
 * differs (or that are new, or gone: flagged deleted, never removed). A stream whose keys a
 * reload regenerates (keyStable false) is keyed by its content instead, so a reload that only
 * renumbers rows writes nothing. Rows sharing a key are hashed together. Change Tracking on
 * ssd_delta_fingerprint then carries exactly the rows that changed. Each refresh first takes
 * the ssd_delta_refresh applock in its transaction, so two never MERGE at once. Result: inserted, updated,
 * deleted (counts).
 */
export function refreshFingerprintsSql(def: StreamDefinition, n: SqlNames): string {
  const person = directPersonColumn(def);
  const columns = Object.entries(def.columns);
  const content = columns.filter(([n]) => !def.key.includes(n));
  // A regenerated key is not a change: a content-keyed row's hash leaves its key out.
  const all = `CONCAT(${(def.keyStable ? columns : content).map(([n, k]) => hashedColumn(n, k)).join(', NCHAR(31), ')}, N'')`;
  const rowKey = def.keyStable
    ? rowKeyExpression(def, 't0')
    : `CONVERT(NVARCHAR(64), HASHBYTES('SHA2_256', CONCAT(${content.map(([n, k]) => hashedColumn(n, k)).join(', NCHAR(31), ')}, N'')), 2)`;
  // A row with a NULL key part has no row key, unless the stream is keyed by content (Mosaic loads clea_table_id as NULL).
  const keyPresent = def.keyStable ? def.key.map((c) => `t0.${c} IS NOT NULL`).join(' AND ') : '1 = 1';
  return `-- generated: refresh-fingerprints ${def.stream}
DECLARE @now DATETIME2(3) = SYSUTCDATETIME();
DECLARE @actions TABLE (action NVARCHAR(10) NOT NULL);
WITH target AS (SELECT * FROM ${n.own('ssd_delta_fingerprint')} WHERE stream = @stream),
current_rows AS (
  SELECT row_key, MIN(person_id) AS person_id,
         CONVERT(BINARY(32), CASE WHEN COUNT(*) = 1 THEN MIN(h)
              ELSE CONVERT(CHAR(64), HASHBYTES('SHA2_256', CONCAT(MIN(h), MAX(h), COUNT(*), CHECKSUM_AGG(CHECKSUM(h)))), 2) END, 2) AS row_hash
    FROM (SELECT ${rowKey} COLLATE ${ROW_KEY_COLLATION} AS row_key, ${person ? `CONVERT(NVARCHAR(48), t0.${person}) COLLATE DATABASE_DEFAULT` : 'CAST(NULL AS NVARCHAR(48))'} AS person_id,
                 CONVERT(CHAR(64), HASHBYTES('SHA2_256', ${all}), 2) AS h
            FROM ${n.ssd(def.table)} AS t0 WHERE ${keyPresent}) AS r
   GROUP BY row_key
)
MERGE target AS f
USING current_rows AS c ON f.row_key = c.row_key
 WHEN MATCHED AND (f.row_hash <> c.row_hash OR f.deleted = 1 OR ISNULL(f.person_id, N'') <> ISNULL(c.person_id, N''))
   THEN UPDATE SET row_hash = c.row_hash, person_id = c.person_id, deleted = 0, refreshed_at = @now
 WHEN NOT MATCHED BY TARGET
   THEN INSERT (stream, row_key, person_id, row_hash, deleted, refreshed_at) VALUES (@stream, c.row_key, c.person_id, c.row_hash, 0, @now)
 WHEN NOT MATCHED BY SOURCE AND f.deleted = 0
   THEN UPDATE SET deleted = 1, refreshed_at = @now
OUTPUT CASE WHEN $action = 'INSERT' THEN 'inserted' WHEN inserted.deleted = 1 THEN 'deleted' ELSE 'updated' END INTO @actions;
SELECT SUM(CASE WHEN action = 'inserted' THEN 1 ELSE 0 END) AS inserted,
       SUM(CASE WHEN action = 'updated' THEN 1 ELSE 0 END) AS updated,
       SUM(CASE WHEN action = 'deleted' THEN 1 ELSE 0 END) AS deleted
  FROM @actions;`;
}

/**
 * The cheap signature of a stream's table: row count, largest key and an aggregate checksum of
 * the columns ssd-delta reads. A reload, an insert, a delete or an update almost always moves it;
 * a poll compares it with the one stored at the last refresh. Result: signature.
 */
export function signatureSql(def: StreamDefinition, n: SqlNames): string {
  // BINARY_CHECKSUM reads only the first 255 characters of an NVARCHAR(MAX): each row's columns
  // are hashed whole first, and the checksum is taken of that.
  const row = `HASHBYTES('SHA2_256', CONCAT(${Object.entries(def.columns).map(([n, k]) => hashedColumn(n, k)).join(', NCHAR(31), ')}, N''))`;
  return `-- generated: signature ${def.stream}
SELECT CONCAT(COUNT_BIG(*), N'/', MAX(${rowKeyExpression(def, 't0')}), N'/', CHECKSUM_AGG(BINARY_CHECKSUM(${row}))) AS signature
  FROM ${n.ssd(def.table)} AS t0`;
}

/** Enables Change Tracking on one table (qualified: {@link SqlNames}) unless it is on already. */
export function enableTableTrackingSql(table: string): string {
  return `-- generated: enable change tracking ${table}
IF NOT EXISTS (SELECT 1 FROM sys.change_tracking_tables WHERE object_id = OBJECT_ID(N'${table}'))
  ALTER TABLE ${table} ENABLE CHANGE_TRACKING WITH (TRACK_COLUMNS_UPDATED = OFF);`;
}

/** One stream's table with its row count (one statement per table: a lock wait names its table). Result: stream, n (bigint, as text). */
export function tableCountSql(def: StreamDefinition, n: SqlNames): string {
  return `-- generated: table count ${def.stream}\nSELECT CAST(N'${def.stream}' AS VARCHAR(63)) AS stream, CAST(COUNT_BIG(*) AS VARCHAR(20)) AS n FROM ${n.ssd(def.table)};`;
}

/**
 * The primary key columns of SSD tables in @schema named in @tables (JSON array): direct mode's
 * Change Tracking reads changes by primary key, so each must be exactly its stream's key.
 * Result: table_name, column_name.
 */
export const PRIMARY_KEY_COLUMNS_SQL = `SELECT t.name AS table_name, c.name AS column_name
  FROM sys.tables AS t
  JOIN sys.indexes AS i ON i.object_id = t.object_id AND i.is_primary_key = 1
  JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
  JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
 WHERE t.schema_id = SCHEMA_ID(@schema) AND t.name IN (SELECT value FROM OPENJSON(@tables))`;

/** For the printed script: stops it unless the stream's table exists with a primary key on exactly its key. */
export function primaryKeyCheckSql(def: StreamDefinition, n: SqlNames): string {
  const table = n.ssd(def.table);
  const pk = `FROM sys.indexes AS i JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
     JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
    WHERE i.object_id = OBJECT_ID(N'${table}') AND i.is_primary_key = 1`;
  const keys = def.key.map((k) => `N'${k}'`).join(', ');
  return `IF (SELECT COUNT(*) ${pk}) <> ${def.key.length}
   OR (SELECT COUNT(*) ${pk} AND c.name IN (${keys})) <> ${def.key.length}
  THROW 50012, N'ssd-delta: capture.mode = direct needs ${table} to exist with a primary key on exactly (${def.key.join(', ')}): Change Tracking reads changes by primary key. Add it, or use capture.mode = fingerprint (the default), which needs none. No table has been tracked yet.', 1;`;
}
