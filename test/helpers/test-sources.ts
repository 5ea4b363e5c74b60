import { join } from 'node:path';
import pg from 'pg';
import { loadStreamDefinitions, type StreamDefinition } from '../../src/streams/stream-definition.js';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import type { PgConnection } from '../../src/source/postgres/pg-connection.js';
import { openPglite } from '../../src/source/postgres/pglite-connection.js';
import { openPgPool } from '../../src/source/postgres/pg-pool-connection.js';
import { postgresSource } from '../../src/source/postgres/postgres-source.js';
import type { Source } from '../../src/source/source.js';
import { postgresTestSql, type TestSql } from './test-sql.js';

/** The stream definitions shipped in streams/. */
export const STREAMS: readonly StreamDefinition[] = loadStreamDefinitions(join(PACKAGE_ROOT, 'streams'));

/** A database the integration suite runs on, isolated in its own schema. */
export interface TestDatabase {
  readonly name: string;
  readonly source: Source;
  /** Raw connection for tests that must do what no port method does (e.g. interleaved transactions). */
  readonly connection: PgConnection;
  /** The same connection, for test SQL written to run on every dialect. */
  readonly sql: TestSql;
  /** Postgres URL of the isolated schema (server only), for spawning the CLI. */
  readonly url?: string;
  /** Opens a second, independent connection to the same schema (server only). */
  openConnection?(): Promise<PgConnection>;
  dispose(): Promise<void>;
}

/** One dialect target: PGlite always, the Postgres server when SSD_DELTA_TEST_PG_URL is set. */
export interface DialectTarget {
  readonly name: string;
  open(): Promise<TestDatabase>;
}

let sharedPglite: Promise<PgConnection> | undefined;
let counter = 0;
const schemaName = (): string => `t_${process.pid}_${Date.now().toString(36)}_${(counter += 1)}`;

/** PGlite is costly to create (~1.6 s, ~760 MB): one per test process, a fresh schema per suite. */
function pgliteTarget(): DialectTarget {
  return {
    name: 'pglite',
    async open() {
      sharedPglite ??= openPglite('memory://');
      const base = await sharedPglite;
      const schema = schemaName();
      await base.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
      const connection: PgConnection = { ...base, close: async () => undefined };
      return {
        name: 'pglite',
        source: postgresSource(connection, { schema, ssdSchema: schema, stagingTable: 'ssd_api_data_staging' }, STREAMS),
        connection,
        sql: postgresTestSql(connection),
        dispose: async () => void (await base.exec(`SET search_path TO public; DROP SCHEMA ${schema} CASCADE`)),
      };
    },
  };
}

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

function serverTarget(url: string): DialectTarget {
  return {
    name: 'postgres',
    async open() {
      const schema = schemaName();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.end();
      const schemaUrl = withSearchPath(url, schema);
      const connection = await openPgPool(schemaUrl);
      return {
        name: 'postgres',
        source: postgresSource(connection, { schema, ssdSchema: schema, stagingTable: 'ssd_api_data_staging' }, STREAMS),
        connection,
        sql: postgresTestSql(connection, schemaUrl),
        url: schemaUrl,
        openConnection: () => openPgPool(schemaUrl, 2),
        async dispose() {
          await connection.close();
          const drop = new pg.Client({ connectionString: url });
          await drop.connect();
          await drop.query(`DROP SCHEMA ${schema} CASCADE`);
          await drop.end();
        },
      };
    },
  };
}

/** The dialects this run covers. */
export function dialectTargets(): DialectTarget[] {
  const targets = [pgliteTarget()];
  const url = process.env.SSD_DELTA_TEST_PG_URL;
  if (url) targets.push(serverTarget(url));
  return targets;
}
