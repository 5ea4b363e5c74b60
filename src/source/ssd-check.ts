import type { SsdCheck } from './source.js';

/** A column of a table in some schema, as the catalog lists it. */
export interface CatalogColumn {
  readonly schema_name: string;
  readonly table_name: string;
  readonly column_name: string;
}

/**
 * What the SSD tables in `schema` lack of what the streams read, from the catalog's columns of
 * those tables in every schema: a table found only in other schemas names them, so the message
 * can say which `database.ssdSchema` to set. Names compare case-insensitively (SQL Server's
 * usual collation; on Postgres the SSD's names are lower case).
 */
export function ssdCheck(schema: string, tables: readonly string[], needed: ReadonlyArray<{ table: string; column: string }>, catalog: readonly CatalogColumn[]): SsdCheck {
  const here = catalog.filter((r) => r.schema_name.toLowerCase() === schema.toLowerCase());
  const present = new Set(here.map((r) => `${r.table_name}.${r.column_name}`.toLowerCase()));
  const presentTables = new Set(here.map((r) => r.table_name.toLowerCase()));
  const missingTables = tables.filter((t) => !presentTables.has(t.toLowerCase())).sort();
  const missingColumns = [...new Set(needed.filter((n) => presentTables.has(n.table.toLowerCase()) && !present.has(`${n.table}.${n.column}`.toLowerCase())).map((n) => `${n.table}.${n.column}`))].sort();
  const elsewhere = missingTables
    .map((table) => ({ table, schemas: [...new Set(catalog.filter((r) => r.table_name.toLowerCase() === table.toLowerCase()).map((r) => r.schema_name))].sort() }))
    .filter((e) => e.schemas.length > 0);
  return { schema, missingTables, missingColumns, elsewhere };
}

/** The sentence saying where missing SSD tables are instead, or '' when they are nowhere. */
export function elsewhereAdvice(check: SsdCheck): string {
  if (check.elsewhere.length === 0) return '';
  const schemas = [...new Set(check.elsewhere.flatMap((e) => e.schemas))];
  const where = check.elsewhere.map((e) => `${e.table} in ${e.schemas.join(', ')}`).join('; ');
  return ` Found in another schema: ${where}. Set database.ssdSchema${schemas.length === 1 ? ` to ${schemas[0]}` : ''} (or --ssd-schema) to read them there.`;
}
