import type { StreamDefinition } from '../streams/stream-definition.js';
import { ConfigError } from '../core/errors.js';
import type { SsdRow } from './ssd-row.js';
import type { SsdWriter } from './ssd-writer.js';

/** How one standard table is named in the LA's SSD. */
interface TableNames {
  readonly table: string;
  /** Standard column -> the LA's. */
  readonly toLa: ReadonlyMap<string, string>;
  /** The LA's column -> standard. */
  readonly toStandard: ReadonlyMap<string, string>;
  /** Standard columns the LA's build lacks: dropped from rows written. */
  readonly absent: ReadonlySet<string>;
}

/**
 * The SSD writer (seed, simulator, tests) over an LA's SSD that names tables or columns otherwise
 * (ssd-naming.ts): it takes and gives rows under the standard names, as the synthetic LA writes
 * them, and reaches the LA's tables and columns. With the standard names it is `writer` itself.
 */
export function namedSsdWriter(writer: SsdWriter, streams: readonly StreamDefinition[]): SsdWriter {
  const named = streams.filter((s) => s.table !== s.stream || s.absent?.length || Object.entries(s.standard ?? {}).some(([la, std]) => la !== std));
  if (named.length === 0) return writer;
  const byStandard = new Map<string, TableNames>(
    streams.map((s) => {
      const pairs = Object.entries(s.standard ?? {});
      return [s.stream, { table: s.table, toLa: new Map(pairs.map(([la, std]) => [std, la])), toStandard: new Map(pairs), absent: new Set(s.absent ?? []) }];
    }),
  );
  const of = (table: string): TableNames => byStandard.get(table) ?? { table, toLa: new Map(), toStandard: new Map(), absent: new Set() };
  const column = (t: TableNames, c: string): string => t.toLa.get(c) ?? c;
  const toLa = (t: TableNames, row: SsdRow): SsdRow => Object.fromEntries(Object.entries(row).filter(([c]) => !t.absent.has(c)).map(([c, v]) => [column(t, c), v]));
  const toStandard = (t: TableNames, row: SsdRow): SsdRow => Object.fromEntries(Object.entries(row).map(([c, v]) => [t.toStandard.get(c) ?? c, v]));
  return {
    createSsdTables: () => {
      throw new ConfigError('the seed creates the standard (SystemC) SSD tables, and ssd.variant, ssd.tables or ssd.columns name them otherwise here: seed with the standard names, or load the LA\'s own SSD');
    },
    insertRows: (table, rows) => writer.insertRows(of(table).table, rows.map((r) => toLa(of(table), r))),
    updateRows: (table, keys, rows) => writer.updateRows(of(table).table, keys.map((k) => column(of(table), k)), rows.map((r) => toLa(of(table), r))),
    deleteRows: (table, keys, rows) => writer.deleteRows(of(table).table, keys.map((k) => column(of(table), k)), rows.map((r) => toLa(of(table), r))),
    truncate: (table) => writer.truncate(of(table).table),
    sampleRows: async (table, count, seed, filter) => {
      const t = of(table);
      const rows = await writer.sampleRows(t.table, count, seed, filter ? { column: column(t, filter.column), values: filter.values } : undefined);
      return rows.map((r) => toStandard(t, r));
    },
    analyze: () => writer.analyze(),
    countRows: (table) => writer.countRows(of(table).table),
  };
}
