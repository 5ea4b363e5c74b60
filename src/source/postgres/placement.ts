import { SchemaError } from '../../core/errors.js';
import { SQL_NAME, type SchemaPlacement } from '../sql-names.js';
import type { PgQueryable } from './pg-connection.js';

/**
 * Where ssd-delta's objects and the SSD tables are on a Postgres database: database.schema
 * (else the first existing schema on the connection's search_path, read once here and written
 * into every statement from then on) and database.ssdSchema (else the same schema).
 */
export async function postgresPlacement(
  db: PgQueryable & { readonly description: string },
  database: { readonly schema?: string | undefined; readonly ssdSchema?: string | undefined; readonly stagingTable: string },
): Promise<SchemaPlacement> {
  let schema = database.schema;
  if (schema === undefined) {
    const [row] = await db.query<{ schema: string | null }>('SELECT current_schema() AS schema');
    if (!row?.schema) throw new SchemaError(`${db.description}: no schema on the search_path exists; set database.schema to the schema ssd-delta's tables go in`);
    if (!SQL_NAME.test(row.schema)) throw new SchemaError(`${db.description}: the first schema on the search_path ("${row.schema}") is not a plain SQL name (letters, digits and _); set database.schema`);
    schema = row.schema;
  }
  return { schema, ssdSchema: database.ssdSchema ?? schema, stagingTable: database.stagingTable };
}
