import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { isReservedWord } from './reserved-words.js';
import type { Reach, StreamDefinition } from './stream-definition.js';

/**
 * An LA's names for SSD tables and columns where its SSD build differs from the standard
 * (SystemC) one that streams/*.json and the document builders use. Keyed by the standard table
 * name; a column map is keyed by the standard column name, and null says the LA's build has no
 * such column (Mosaic's ssd_cla_placement has no clap_person_id): it is not read, and a reach
 * path through it is not taken (the stream must keep another).
 */
export interface SsdNaming {
  readonly tables: Readonly<Record<string, string>>;
  readonly columns: Readonly<Record<string, Readonly<Record<string, string | null>>>>;
}

/** The SSD builds ssd-delta ships a naming for (config/ssd-variants/<variant>.json). */
export const SSD_VARIANTS = ['systemc', 'mosaic'] as const;
export type SsdVariant = (typeof SSD_VARIANTS)[number];

/** No renames: the standard names. */
export const STANDARD_NAMING: SsdNaming = { tables: {}, columns: {} };

/**
 * The naming of a variant, with the LA's own renames (`ssd.tables`, `ssd.columns`) over it: the
 * variant's file is read from `variantsFolder` (config/ssd-variants in the package).
 */
export function ssdNaming(variantsFolder: string, variant: SsdVariant, own: Partial<SsdNaming> = {}): SsdNaming {
  const preset: SsdNaming = variant === 'systemc' ? STANDARD_NAMING : (JSON.parse(readFileSync(join(variantsFolder, `${variant}.json`), 'utf8')) as SsdNaming);
  const tables = { ...preset.tables, ...own.tables };
  const columns: Record<string, Record<string, string | null>> = {};
  for (const table of new Set([...Object.keys(preset.columns), ...Object.keys(own.columns ?? {})])) {
    columns[table] = { ...preset.columns[table], ...own.columns?.[table] };
  }
  return { tables, columns };
}

/**
 * The stream definitions with the LA's table and column names in every place SQL uses them
 * (the stream's table, its key, its columns, every join and person column), and, in `standard`,
 * the standard name of each column, which the fetch gives back so the document builders read
 * rows by the standard names whatever the LA calls them. Names the definitions do not know
 * (a misspelt table or column in `ssd.tables` / `ssd.columns`) fail with a ConfigError.
 */
export function applyNaming(defs: readonly StreamDefinition[], naming: SsdNaming): StreamDefinition[] {
  const known = new Map<string, Set<string>>();
  for (const def of defs) known.set(def.table, new Set(everyColumnOf(defs, def.table)));
  for (const table of Object.keys(naming.tables)) {
    if (!known.has(table)) throw new ConfigError(`config: "ssd.tables" names ${table}, which is not an SSD table ssd-delta reads (${[...known.keys()].sort().join(', ')})`);
  }
  for (const [table, columns] of Object.entries(naming.columns)) {
    const have = known.get(table);
    if (!have) throw new ConfigError(`config: "ssd.columns" names table ${table}, which is not an SSD table ssd-delta reads`);
    for (const [column, la] of Object.entries(columns)) {
      if (!have.has(column)) throw new ConfigError(`config: "ssd.columns.${table}" names ${column}, which ssd-delta does not read from ${table}`);
      // Generated SQL writes column names as they are: a reserved word would need quoting there.
      if (la !== null && isReservedWord(la)) throw new ConfigError(`config: "ssd.columns.${table}.${column}" is ${la}, a word SQL reserves, which ssd-delta cannot use as a column name: give the column another name in the LA's SSD (or a view over it)`);
    }
  }
  const table = (t: string): string => naming.tables[t] ?? t;
  const column = (t: string, c: string): string => naming.columns[t]?.[c] ?? c;
  const absent = (t: string, c: string): boolean => naming.columns[t]?.[c] === null;
  return defs.map((def) => {
    const paths = def.reach.filter((r) => {
      let from = def.table;
      for (const hop of r.via ?? []) {
        if (absent(from, hop.from) || absent(hop.table, hop.to)) return false;
        from = hop.table;
      }
      return !absent(from, r.person);
    });
    if (paths.length === 0) throw new ConfigError(`config: with the SSD's columns as "ssd.variant" and "ssd.columns" name them, rows of ${def.table} have no way to reach their child`);
    const missingKey = def.key.find((k) => absent(def.table, k));
    if (missingKey) throw new ConfigError(`config: "ssd.columns.${def.table}.${missingKey}" is null, but ${missingKey} is part of the stream's key: give the LA's name for it`);
    const reach = paths.map((r): Reach => {
      let from = def.table;
      const via = r.via?.map((hop) => {
        const renamed = { table: table(hop.table), from: column(from, hop.from), to: column(hop.table, hop.to) };
        from = hop.table;
        return renamed;
      });
      return via ? { via, person: column(from, r.person) } : { person: column(from, r.person) };
    });
    const read = Object.entries(def.columns).filter(([c]) => !absent(def.table, c));
    const columns = Object.fromEntries(read.map(([c, kind]) => [column(def.table, c), kind]));
    const standard = Object.fromEntries(read.map(([c]) => [column(def.table, c), c]));
    const absentColumns = Object.keys(def.columns).filter((c) => absent(def.table, c));
    return { ...def, table: table(def.table), key: def.key.map((k) => column(def.table, k)), reach, columns, standard, ...(absentColumns.length ? { absent: absentColumns } : {}) };
  });
}

/** Every column of `table` any definition names (its own columns, join columns, person columns). */
function everyColumnOf(defs: readonly StreamDefinition[], table: string): string[] {
  const out: string[] = [];
  for (const def of defs) {
    if (def.table === table) out.push(...def.key, ...Object.keys(def.columns));
    for (const r of def.reach) {
      let from = def.table;
      for (const hop of r.via ?? []) {
        if (from === table) out.push(hop.from);
        if (hop.table === table) out.push(hop.to);
        from = hop.table;
      }
      if (from === table) out.push(r.person);
    }
  }
  return out;
}
