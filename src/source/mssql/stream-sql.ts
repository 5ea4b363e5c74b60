import type { StreamDefinition } from '../../streams/stream-definition.js';
import { reachPlan } from '../reach-plan.js';
import type { ReachDialect } from '../reach-sql.js';
import type { SqlNames } from '../sql-names.js';

/**
 * T-SQL generated from a validated stream definition (identifiers only; every value is a bound
 * parameter): how SQL Server writes the reach plan's parts (the touch and fetch statements
 * themselves are reach-sql.ts's), the fingerprints and Change Tracking; every table schema-qualified and bracketed through {@link SqlNames}. Composite
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

/** The person id's text type on SQL Server (ids are compared and returned as NVARCHAR(48)). */
const personText = (column: string): string => `CONVERT(NVARCHAR(48), ${column})`;

/** How SQL Server writes the touch and fetch statements (reach-sql.ts). */
export function mssqlReach(n: SqlNames): ReachDialect {
  return {
    names: n,
    aliased: (table, alias) => `${n.ssd(table)} AS ${alias}`,
    // In the database's collation: an SSD copied from tempdb keeps the server's, and a UNION with ssd-delta's own columns would conflict (451).
    reachedPerson: (column) => `${personText(column)} COLLATE DATABASE_DEFAULT`,
    fetchedPerson: personText,
    // @keys: a JSON array of key-part arrays, so each part joins its own column (and its index).
    changedKeys: (def) => ({ from: `OPENJSON(@keys) WITH (${def.key.map((_, i) => `c${i} NVARCHAR(300) '$[${i}]'`).join(', ')}) AS k`, part: (i) => `k.c${i}` }),
    remembered: (table, named) => {
      const t = table === 'ssd_delta_owner' ? 'o' : 'f';
      const keys = `OPENJSON(@row_keys) WITH (row_key NVARCHAR(300) '$') AS r`;
      return `SELECT ${t}.person_id FROM ${keys} JOIN ${n.own(table)} AS ${t} ON ${t}.stream = @stream AND ${t}.row_key = r.row_key COLLATE ${ROW_KEY_COLLATION}${named ? ` WHERE ${t}.person_id IS NOT NULL` : ''}`;
    },
    chunk: (person) => ({ join: `JOIN OPENJSON(@person_ids) WITH (person_id NVARCHAR(48) '$') AS p ON p.person_id = ${person}`, where: [] }),
    // No inChunk: fetches join by the links as they are (no index is read on SQL Server: child-row-sql.ts).
    rowKey: rowKeyExpression,
    dateText: (column) => `CONVERT(CHAR(10), ${column}, 23)`,
    text: (column) => `CONVERT(NVARCHAR(MAX), ${column})`,
  };
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
  const { person, byContent, hashed, content, keyPresent: present } = reachPlan(def).fingerprint;
  const text = (columns: readonly string[]): string => `CONCAT(${columns.map((c) => hashedColumn(c, def.columns[c] as string)).join(', NCHAR(31), ')}, N'')`;
  const all = text(hashed);
  const rowKey = byContent ? `CONVERT(NVARCHAR(64), HASHBYTES('SHA2_256', ${text(content)}), 2)` : rowKeyExpression(def, 't0');
  // A row with a NULL key part has no row key, unless the stream is keyed by content.
  const keyPresent = present.length > 0 ? present.map((c) => `t0.${c} IS NOT NULL`).join(' AND ') : '1 = 1';
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
  const columns = reachPlan(def).fingerprint.signed;
  const row = `HASHBYTES('SHA2_256', CONCAT(${columns.map((c) => hashedColumn(c, def.columns[c] as string)).join(', NCHAR(31), ')}, N''))`;
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
