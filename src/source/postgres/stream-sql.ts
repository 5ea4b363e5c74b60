import { isKeyLinked, needsOwnerMap, type Reach, type StreamDefinition } from '../../capture/stream-definition.js';

/**
 * SQL text generated from a validated stream definition (identifiers only; every value is a
 * bound parameter). Composite keys are joined with U+001F, which no SSD id contains.
 */

/**
 * The row-key expression over a table alias: the same text the capture trigger logs
 * (0002_capture.sql builds it from the key column names).
 */
function rowKeyExpression(def: StreamDefinition, alias: string): string {
  if (def.key.length === 1) return `${alias}.${def.key[0]}::text`;
  // coalesce keeps every part in its place (concat_ws skips NULLs, which would shift split_part).
  return `concat_ws(chr(31), ${def.key.map((c) => `coalesce(${alias}.${c}::text, '')`).join(', ')})`;
}

/** Condition matching alias's key columns to a row-key text expression. */
function keyMatches(def: StreamDefinition, alias: string, keyText: string): string {
  if (def.key.length === 1) return `${alias}.${def.key[0]} = ${keyText}`;
  return def.key.map((c, i) => `${alias}.${c} = split_part(${keyText}, chr(31), ${i + 1})`).join(' AND ');
}

/** The JOIN clauses of one reach path starting at alias t0, and the person column reached. */
function reachJoins(def: StreamDefinition, reach: Reach): { joins: string; person: string } {
  const joins: string[] = [];
  let previous = 't0';
  (reach.via ?? []).forEach((hop, i) => {
    const alias = `t${i + 1}`;
    joins.push(`JOIN ${hop.table} ${alias} ON ${alias}.${hop.to} = ${previous}.${hop.from}`);
    previous = alias;
  });
  return { joins: joins.join(' '), person: `${previous}.${reach.person}` };
}

/** The key text's part that holds `column` (the whole key when it has one column). */
function keyPart(def: StreamDefinition, column: string, keyText: string): string {
  return def.key.length === 1 ? keyText : `split_part(${keyText}, chr(31), ${def.key.indexOf(column) + 1})`;
}

/** Column list for a fetch: dates become YYYY-MM-DD text in SQL so no time zone can shift them. */
function selectColumns(def: StreamDefinition): string {
  return Object.entries(def.columns)
    .map(([name, kind]) => (kind === 'date' ? `to_char(t0.${name}, 'YYYY-MM-DD') AS ${name}` : `t0.${name}`))
    .join(', ');
}

/**
 * A key-linked path joined from the row key itself, skipping the stream's own table, so it
 * reaches the children of a deleted row as well as of a live one. With `keyed` false (a
 * whole-table event) it starts from every row of the first hop instead of the keys in $1.
 */
function keyLinkedQuery(def: StreamDefinition, reach: Reach, keyed: boolean): string {
  const [first, ...rest] = reach.via ?? [];
  if (!first) throw new Error(`${def.stream}: a key-linked path needs a hop`);
  const joins: string[] = [];
  let previous = 't1';
  rest.forEach((hop, i) => {
    const alias = `t${i + 2}`;
    joins.push(`JOIN ${hop.table} ${alias} ON ${alias}.${hop.to} = ${previous}.${hop.from}`);
    previous = alias;
  });
  const person = `${previous}.${reach.person}`;
  const from = keyed
    ? `unnest($1::text[]) AS k(row_key) JOIN ${first.table} t1 ON t1.${first.to} = ${keyPart(def, first.from, 'k.row_key')}`
    : `${first.table} t1`;
  const where = keyed ? `${person} IS NOT NULL` : `t1.${first.to} IS NOT NULL AND ${person} IS NOT NULL`;
  return `SELECT ${person}::text AS person_id FROM ${from} ${joins.join(' ')} WHERE ${where}`;
}

/**
 * Children reached now by the rows with these keys ($1 text[]), through every reach path,
 * plus the children the owner map remembers for them ($2 stream): an update that moves a row
 * touches both the old and the new child, and a deleted row still reaches its child.
 */
export function childrenOfSql(def: StreamDefinition): string {
  const current = def.reach.map((reach) => {
    if (isKeyLinked(def, reach)) return keyLinkedQuery(def, reach, true);
    const { joins, person } = reachJoins(def, reach);
    return `SELECT ${person}::text AS person_id FROM unnest($1::text[]) AS k(row_key)
      JOIN ${def.table} t0 ON ${keyMatches(def, 't0', 'k.row_key')} ${joins}
      WHERE ${person} IS NOT NULL`;
  });
  current.push('SELECT person_id FROM ssd_delta_owner WHERE stream = $2 AND row_key = ANY ($1::text[])');
  return `SELECT DISTINCT person_id FROM (${current.join('\nUNION ALL\n')}) AS reached`;
}

/**
 * Every child a whole-table event (TRUNCATE) of the stream can affect: those the owner map
 * remembers, or, for a stream without one, every child its key-linked paths reach.
 */
export function childrenOfStreamSql(def: StreamDefinition): { sql: string; byStream: boolean } {
  if (needsOwnerMap(def)) return { sql: 'SELECT DISTINCT person_id FROM ssd_delta_owner WHERE stream = $1', byStream: true };
  const parts = def.reach.map((reach) => keyLinkedQuery(def, reach, false));
  return { sql: `SELECT DISTINCT person_id FROM (${parts.join('\nUNION ALL\n')}) AS reached`, byStream: false };
}

/** One set-based query: the stream's rows for the children in $1 (text[]), tagged with child and key. */
export function fetchRowsSql(def: StreamDefinition): string {
  return def.reach
    .map((reach) => {
      const { joins, person } = reachJoins(def, reach);
      return `SELECT ${person}::text AS ssd_delta_person_id, ${rowKeyExpression(def, 't0')} AS ssd_delta_row_key, ${selectColumns(def)}
        FROM ${def.table} t0 ${joins} WHERE ${person} = ANY ($1::text[])`;
    })
    .join('\nUNION\n');
}

/**
 * The capture triggers of one SSD table (statement level, with transition tables). Their
 * arguments are the key column names: the function quotes them itself (see 0002_capture.sql).
 */
export function captureTriggersSql(def: StreamDefinition): string {
  const keys = def.key.map((c) => `'${c}'`).join(', ');
  const t = def.table;
  return `
CREATE OR REPLACE TRIGGER ssd_delta_ins AFTER INSERT ON ${t} REFERENCING NEW TABLE AS ssd_delta_new
  FOR EACH STATEMENT EXECUTE FUNCTION ssd_delta_capture(${keys});
CREATE OR REPLACE TRIGGER ssd_delta_upd AFTER UPDATE ON ${t} REFERENCING OLD TABLE AS ssd_delta_old NEW TABLE AS ssd_delta_new
  FOR EACH STATEMENT EXECUTE FUNCTION ssd_delta_capture(${keys});
CREATE OR REPLACE TRIGGER ssd_delta_del AFTER DELETE ON ${t} REFERENCING OLD TABLE AS ssd_delta_old
  FOR EACH STATEMENT EXECUTE FUNCTION ssd_delta_capture(${keys});
CREATE OR REPLACE TRIGGER ssd_delta_trunc AFTER TRUNCATE ON ${t}
  FOR EACH STATEMENT EXECUTE FUNCTION ssd_delta_capture();`;
}
