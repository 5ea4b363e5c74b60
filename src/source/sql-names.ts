/**
 * The names ssd-delta writes into SQL text, always schema-qualified and quoted: the login's
 * default schema (SQL Server) or search_path (Postgres) is not a contract, and an LA's SSD often
 * lives in a schema of its own (SystemC's `ssd_development`) apart from ssd-delta's tables.
 */

/** A schema or table name ssd-delta accepts: letters, digits and underscores, as validated config and stream definitions give. */
export const SQL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The dialects ssd-delta speaks. */
export type Dialect = 'postgres' | 'mssql';

/** Where ssd-delta's objects and the SSD tables are. */
export interface SchemaPlacement {
  /** Schema of ssd-delta's own tables and functions (and the staging table). */
  readonly schema: string;
  /** Schema of the SSD tables (ssd_person, ...). */
  readonly ssdSchema: string;
  /** The staging table's name (database.stagingTable). */
  readonly stagingTable: string;
}

/** Qualified, quoted names for one database. */
export interface SqlNames extends SchemaPlacement {
  readonly dialect: Dialect;
  /** One of ssd-delta's objects, qualified: `[dbo].[ssd_delta_owner]`, `"public"."ssd_delta_owner"`. */
  own(name: string): string;
  /** An SSD table, qualified: `[ssd_development].[ssd_person]`. */
  ssd(table: string): string;
  /** The staging table, qualified: `[dbo].[ssd_api_data_staging]`. */
  readonly staging: string;
  /** The `{{name}}` placeholders of the SQL files (sql/<dialect>/): quoted forms, and the bare staging table name for constraint and index names. */
  readonly placeholders: Readonly<Record<string, string>>;
}

/** A name quoted for the dialect (`[x]` on SQL Server, `"x"` on Postgres), after checking it is a plain SQL name. */
export function quoteName(dialect: Dialect, name: string): string {
  if (!SQL_NAME.test(name)) throw new Error(`not a plain SQL name: ${JSON.stringify(name)}`);
  return dialect === 'mssql' ? `[${name}]` : `"${name}"`;
}

/** The qualified names for a placement on a dialect. */
export function sqlNames(dialect: Dialect, placement: SchemaPlacement): SqlNames {
  const schema = quoteName(dialect, placement.schema);
  const ssdSchema = quoteName(dialect, placement.ssdSchema);
  const own = (name: string): string => `${schema}.${quoteName(dialect, name)}`;
  return {
    ...placement,
    dialect,
    own,
    staging: own(placement.stagingTable),
    ssd: (table) => `${ssdSchema}.${quoteName(dialect, table)}`,
    placeholders: {
      schema,
      ssd_schema: ssdSchema,
      staging: own(placement.stagingTable),
      staging_table: placement.stagingTable,
    },
  };
}
