// What `ssd-delta init --check` reads: each step init would take and each permission it needs,
// found by reading the catalog only. Part of the dialect port: src/source/source.ts gathers the
// parts, and every layer imports them from there.

import type { SsdCheck } from './schema.js';

/** The steps of init, in the order it takes them (the check's report numbers them so). */
export type InitStep = 'server' | 'schemas' | 'staging' | 'ssd' | 'capture';

/** A fact init checks before it acts: what was found, and why init would stop on it. */
export interface Finding {
  /** What was found, in words (`PostgreSQL 15.4`). */
  readonly found: string;
  /** Init's own refusal when it would stop here, else null. */
  readonly refusal: string | null;
}

/** One privilege to ask the catalog about (read-permissions.sql takes a list of them). */
export interface PrivilegeCheck {
  /** `database`: the current one; `schema`: `schema`; `object`: `schema`.`name` (a table; SQL Server: or a function); `function`: a Postgres function. */
  readonly on: 'database' | 'schema' | 'object' | 'function';
  readonly schema: string;
  /** The object's name (`object` only; '' otherwise). */
  readonly name: string;
  /** In the dialect's words: `CREATE`, `ALTER`, `VIEW CHANGE TRACKING`, `TRIGGER`; Postgres `OWNER`: owning the object. */
  readonly privilege: string;
  /**
   * The object is there (an SSD table, which init never creates): the catalog's NULL then means
   * the login may not see it (SQL Server's metadata visibility), counted as lacking. Otherwise
   * NULL means not there yet (init creates it) and the check counts for nothing.
   */
  readonly expected?: boolean;
}

/** A permission a step needs, before it is checked: what it is for, what holds it, what grants it. */
export interface PermissionAsk {
  /** `init`: a step init would take needs it (init stops without it); `run`: ssd-delta needs it once installed. */
  readonly when: 'init' | 'run';
  readonly step: InitStep;
  /** The permission in the dialect's words, with what it is on: `CREATE on schema ssd_delta`. */
  readonly permission: string;
  /** What it is for: `create ssd-delta's tables (the migrations)`. */
  readonly purpose: string;
  /** Held when every one of these is (a check on an object that is not there counts for nothing). */
  readonly checks: readonly PrivilegeCheck[];
  /** What the DBA runs to grant it, given the checks that failed (one or more statements). */
  readonly grant: (lacking: readonly PrivilegeCheck[]) => string;
}

/** A permission a step needs and whether the login holds it. */
export interface PermissionNeed extends Omit<PermissionAsk, 'checks' | 'grant'> {
  /** true: held; false: lacking; null: the catalog could not tell. */
  readonly held: boolean | null;
  /** Where it is lacking (objects), or why it cannot be told; '' when held. */
  readonly detail: string;
  /** What the DBA runs to grant what is lacking ('' when held). */
  readonly grant: string;
}

/** ssd-delta's staging table as init would find it. */
export interface StagingPlan {
  /** `absent`: init creates it; `installed`: ssd-delta's; `foreign`: a table of that name ssd-delta did not make. */
  readonly state: 'absent' | 'installed' | 'foreign';
  /** The migrations init would apply, in order (every one when it has never run). */
  readonly pending: readonly string[];
  /** Init's refusal (a foreign table, another staging table in the schema), else null. */
  readonly refusal: string | null;
  /** Why the ledger could not be read (`pending` is then empty: not known until it can be), or null. */
  readonly unknown: string | null;
}

/** What `SchemaStore.plan` found. */
export interface SchemaPlan {
  /** The database user the permissions are for (current_user; SQL Server's USER_NAME()). */
  readonly user: string;
  /** The server and database as init checks them (version; SQL Server's compatibility level too). */
  readonly server: Finding;
  readonly schemas: { readonly own: boolean; readonly ssd: boolean; readonly refusal: string | null };
  readonly staging: StagingPlan;
  /** The SSD tables and columns, as init checks them (`missingTables`: those not there, or not seen; see `unseen`). */
  readonly ssd: SsdCheck;
  /**
   * SSD tables this login cannot see, so init would not find them either. `certain`: they are
   * there (Postgres: pg_class shows every table to everyone), the login only lacks SELECT;
   * otherwise (SQL Server's metadata visibility) they are not found, or hidden from this login.
   */
  readonly unseen: { readonly tables: readonly string[]; readonly certain: boolean };
  readonly permissions: readonly PermissionNeed[];
}

/** A database setting capture needs (SQL Server: snapshot isolation, Change Tracking). */
export interface CaptureSetting {
  readonly setting: string;
  /** How it is now, in words (`off`, `on, retention 2 days`), or `cannot tell (...)`. */
  readonly now: string;
  /** What init would change (`would turn it on`), or null when nothing. */
  readonly change: string | null;
}

/** What `CaptureStore.plan` found. */
export interface CapturePlan {
  /** What capture is, in words: `capture triggers`, `Change Tracking`. */
  readonly installs: string;
  /** What init does to a target not done yet, in words: `would create them on`, `would turn it on for`. */
  readonly action: string;
  readonly settings: readonly CaptureSetting[];
  /** The tables init acts on (installs capture on; fingerprint mode on Postgres: takes direct mode's off), and whether each is as init leaves it already. */
  readonly targets: ReadonlyArray<{ readonly table: string; readonly done: boolean }>;
  /** Init's refusal (direct mode on SQL Server: a table without its stream key as primary key), else null. */
  readonly refusal: string | null;
  /** Notes, one line each: what init would say of settings it would leave (Change Tracking another consumer set), triggers it would repoint, tables it may not see. */
  readonly notes: readonly string[];
  readonly permissions: readonly PermissionNeed[];
}
