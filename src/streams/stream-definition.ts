import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';

const name = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL name');

const hopSchema = z.object({ table: name, from: name, to: name }).strict();

/**
 * One way a row reaches its child: optional joins (`via`, each hop joining the previous
 * table's `from` column to `table.to`), ending at the column that holds `pers_person_id`.
 */
const reachSchema = z.object({ via: z.array(hopSchema).min(1).optional(), person: name }).strict();

const streamSchema = z
  .object({
    stream: name,
    table: name,
    description: z.string(),
    key: z.array(name).min(1),
    keyStable: z.boolean(),
    fanOut: z.boolean(),
    reach: z.array(reachSchema).min(1),
    columns: z.record(name, z.enum(['text', 'date', 'number'])),
  })
  .strict();

/** How a stream's row reaches its child (see streams/*.json). */
export type Reach = z.infer<typeof reachSchema>;

/**
 * A declarative definition of one change stream (one SSD table): its key, how its rows reach
 * a child (direct person column, multi-hop joins, fan-out), and the columns the builder reads
 * with the kind each travels as. Loaded from streams/<table>.json and validated, so every
 * identifier that reaches SQL text comes from here.
 */
export type StreamDefinition = z.infer<typeof streamSchema> & {
  /**
   * When the LA's SSD names columns otherwise (ssd-naming.ts): the standard name of each of the
   * LA's columns in `columns`, which a fetch gives its rows back under. Absent: the same names.
   */
  readonly standard?: Readonly<Record<string, string>>;
  /** Standard columns of the stream's table the LA's build does not have (not read). */
  readonly absent?: readonly string[];
};

/** Loads and validates every streams/*.json file in `folder`, sorted by stream name. */
export function loadStreamDefinitions(folder: string): StreamDefinition[] {
  const files = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
  return files.map((file) => {
    const path = join(folder, file);
    const parsed = streamSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(`stream definition ${path}: "${issue?.path.join('.')}" ${issue?.message}`);
    }
    const def = parsed.data;
    // Triggers log the table's name: a stream is named after its table.
    if (def.stream !== def.table) throw new ConfigError(`stream definition ${path}: stream must equal table (${def.stream} != ${def.table})`);
    for (const column of def.key) {
      if (!(column in def.columns)) throw new ConfigError(`stream definition ${path}: key column ${column} must be listed in columns`);
    }
    // A row whose key a reload regenerates is told apart by its content, and fingerprint capture
    // then logs that content's hash as its key: only the child id on the row itself reaches its child.
    if (!def.keyStable && !def.reach.some((r) => !r.via)) {
      throw new ConfigError(`stream definition ${path}: keyStable false needs a reach path with no "via" (the child's id on the row itself): a row keyed by its content can reach its child no other way. Add one, or set keyStable true if the key survives a reload`);
    }
    return def;
  });
}

/**
 * True when a reach path starts from one of the stream's own key columns (a professional's id
 * joined to involvements, an assessment id joined to assessments). A deleted row of such a
 * path still reaches its children through its key alone, since the rows it joins to remain.
 */
export function isKeyLinked(def: StreamDefinition, reach: Reach): boolean {
  const first = reach.via?.[0];
  return first !== undefined && def.key.includes(first.from);
}

/**
 * Whether ssd-delta must remember which child each row of this stream fed (the owner map):
 * not when every reach path is key-linked, which saves the largest fan-out streams' entries.
 */
export function needsOwnerMap(def: StreamDefinition): boolean {
  return !def.reach.every((reach) => isKeyLinked(def, reach));
}

/** Every (table, column) a stream needs to exist in the LA's database. */
export function requiredColumns(def: StreamDefinition): Array<{ table: string; column: string }> {
  const out = new Map<string, { table: string; column: string }>();
  const add = (table: string, column: string): void => void out.set(`${table}.${column}`, { table, column });
  for (const column of Object.keys(def.columns)) add(def.table, column);
  for (const reach of def.reach) {
    let table = def.table;
    for (const hop of reach.via ?? []) {
      add(table, hop.from);
      add(hop.table, hop.to);
      table = hop.table;
    }
    add(table, reach.person);
  }
  return [...out.values()];
}

/**
 * The stream's direct person column (a reach path with no joins), if it has one: what a
 * fingerprint row records as its child, so a deleted or content-keyed row still reaches it.
 */
export function directPersonColumn(def: StreamDefinition): string | undefined {
  return def.reach.find((r) => !r.via)?.person;
}

/** A table and the column in it that holds children's ids. */
export interface PersonIdColumn {
  readonly table: string;
  readonly column: string;
}

/** Where the LA keeps its children's ids: ssd_person's table and key column, as the LA names them. */
export function personIdColumn(streams: readonly StreamDefinition[]): PersonIdColumn {
  const person = streams.find((s) => s.stream === 'ssd_person');
  return { table: person?.table ?? 'ssd_person', column: person?.key[0] ?? 'pers_person_id' };
}
