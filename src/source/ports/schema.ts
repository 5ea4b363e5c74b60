// ssd-delta's own tables: created and upgraded by migrations; the SSD checked. Part of the dialect port:
// src/source/source.ts gathers the parts, and every layer imports them from there.

import type { StreamDefinition } from '../../streams/stream-definition.js';
import type { SchemaPlan } from './init-plan.js';

/** What `migrate` did. */
export interface MigrationReport {
  /** Migration files applied now, in order. */
  applied: string[];
  /** Migration files already applied before. */
  alreadyApplied: string[];
}

/** Result of checking the LA's SSD tables against the stream definitions. */
export interface SsdCheck {
  /** The schema the SSD tables were looked for in (database.ssdSchema). */
  schema: string;
  /** SSD tables the stream definitions need and that schema lacks. */
  missingTables: string[];
  /** Columns (table.column) that exist nowhere although a stream reads them. */
  missingColumns: string[];
  /** Missing tables found in other schemas instead, with those schemas. */
  elsewhere: Array<{ table: string; schemas: string[] }>;
}

/** Creating and checking ssd-delta's own tables. */
export interface SchemaStore {
  /** Applies pending migrations; safe when two processes start at once. */
  migrate(): Promise<MigrationReport>;
  /**
   * What `migrate` and `checkSsd` would find, and the permissions they and ssd-delta's own tables
   * need, by reading the catalog only: no lock, nothing written (`init --check`).
   */
  plan(streams: readonly StreamDefinition[]): Promise<SchemaPlan>;
  /**
   * Whether `init` has made ssd-delta's staging table where database.schema says (false: none
   * there, or a table of that name ssd-delta did not make; the read-only commands then build from
   * the SSD alone). Read from the catalog: a login that cannot see the table is told false.
   */
  installed(): Promise<boolean>;
  /** Shipped migrations the database has not had yet (this version is newer than its tables: run init). */
  pending(): Promise<string[]>;
  /** Refreshes planner statistics of ssd-delta's own tables (after a baseline filled them). */
  refreshStatistics(): Promise<void>;
  /**
   * The same, while a large cycle is still filling the staging table and the owner map: it never
   * waits for a lock (a table another job holds, a VACUUM say, keeps its statistics this time).
   * SQL Server updates statistics itself when it compiles a plan: nothing there.
   */
  refreshStatisticsWhileMarking(): Promise<void>;
  /** Which SSD tables and columns the streams need and are not there. */
  checkSsd(streams: readonly StreamDefinition[]): Promise<SsdCheck>;
}
