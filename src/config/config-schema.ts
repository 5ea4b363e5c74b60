import { validate as validateCron } from 'node-cron';
import { z } from 'zod';
import { FAULT_KINDS } from '../simulate/chaos-policy.js';
import { loopbackHost } from './serve-exposure.js';

/** An SQL identifier we are willing to put into SQL text (validated, never user SQL). */
const identifier = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL name: letters, digits and _, at most 63 characters');

/** A schema name: letters, digits and _ (SQL Server schemas are often mixed case); always quoted in SQL text. */
const schemaName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'must be a schema name: letters, digits and _, starting with a letter or _, at most 63 characters');

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'must be a real calendar date');

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

/** Description or variant code -> API code, for one coded field of at most `max` characters. */
const codeMap = (max: number) =>
  z
    .record(
      z.string().min(1, 'must not be empty'),
      z.string().regex(new RegExp(`^[A-Za-z0-9]{1,${max}}$`), max === 1 ? 'must be a one-character code (a letter or digit)' : `must be a code of 1 to ${max} letters or digits`),
    )
    .optional()
    .describe(`an object mapping a description (or a variant's code) to the API code, at most ${max} characters`);

/** True when Intl knows the IANA time zone. */
function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const int = (min: number, max: number) =>
  z.number({ error: `must be a whole number from ${min} to ${max}` }).int(`must be a whole number from ${min} to ${max}`).min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

/**
 * The whole configuration. Defaults live in config/default.json; each layer (config file,
 * environment `SSD_DELTA_<SECTION>_<KEY>`, command-line flags) overrides the one before.
 * Every field's `describe()` text says what is allowed; the loader prints it on a bad value.
 */
export const configSchema = z
  .object({
    /** Where the SSD tables and ssd-delta's own tables live. */
    database: z
      .object({
        /**
         * The database server. `postgres://user@host:5432/db` for Postgres; `mssql://user@host:1433/db`
         * (or `sqlserver://`) for SQL Server, whose other settings are in `database.mssql`. Unset:
         * `database.mssql.server` when set, else the embedded PGlite. Example: `postgres://127.0.0.1:5432/ssd`.
         */
        url: z
          .string()
          .regex(/^(postgres(ql)?|mssql|sqlserver):\/\//, 'must start with postgres://, postgresql://, mssql:// or sqlserver://')
          .optional()
          .describe('a postgres:// or mssql:// URL, or unset for the embedded database'),
        /** SQL Server connection (used when `database.url` is `mssql://` or `database.mssql.server` is set). */
        mssql: z
          .object({
            /** Host name or address of the SQL Server. Example: `sql01.la.local`. */
            server: z.string().min(1).optional().describe('a host name or address'),
            /** TCP port. Unset: 1433, or the named instance's port from SQL Browser. */
            port: int(1, 65535).optional().describe('a whole number from 1 to 65535'),
            /** Named instance (`SERVER\\INSTANCE`: the part after the backslash). Example: `SSD`. */
            instanceName: z.string().min(1).optional().describe('an instance name'),
            /** Database holding the SSD tables. Example: `HDM_Local`. */
            database: z.string().min(1).optional().describe('a database name'),
            /** `sql` (SQL Server login) or `ntlm` (Windows account, with `domain`). Default `sql`. */
            authentication: z.enum(['sql', 'ntlm'], { error: 'must be sql or ntlm' }).describe('sql or ntlm'),
            /** Login name (SQL login, or the Windows account name for ntlm). The password is `database.password`. */
            user: z.string().min(1).optional().describe('a login name'),
            /** Windows domain, for ntlm. Example: `LA`. */
            domain: z.string().min(1).optional().describe('a Windows domain name'),
            /** Encrypt the connection (TLS). Default true. */
            encrypt: z.boolean({ error: 'must be true or false' }).describe('true or false'),
            /** Accept a server certificate that does not verify (self-signed). Default false: verify it. */
            trustServerCertificate: z.boolean({ error: 'must be true or false' }).describe('true or false'),
            /** Milliseconds to wait for a connection. Default 15000. */
            connectTimeoutMs: int(1000, 600000).describe('a whole number of milliseconds from 1000 to 600000'),
            /** Milliseconds one statement may run. Default 300000. */
            requestTimeoutMs: int(1000, 3600000).describe('a whole number of milliseconds from 1000 to 3600000'),
            /**
             * Connections in the pool. Default 10. At least 4: while a cycle marks it holds one for
             * its marking lock and one for its snapshot, and writes on a third.
             */
            poolMax: int(4, 100).describe('a whole number from 4 to 100'),
          })
          .strict(),
        /** Database password (SQL Server): environment `SSD_DELTA_DATABASE_PASSWORD` only, never a config file. */
        password: z.string().min(1).optional().describe('set SSD_DELTA_DATABASE_PASSWORD or database.passwordFile'),
        /** File holding the database password. Example: `/run/secrets/ssd-db-password`. */
        passwordFile: z.string().min(1).optional().describe('a file path'),
        /** Folder of the embedded PGlite database. Unset: a new temporary folder. Example: `./.ssd-delta/db`. */
        dataDir: z.string().min(1).optional().describe('a folder path for the embedded database'),
        /** Name of the staging table (one row per child). Default `ssd_api_data_staging`. */
        stagingTable: identifier.describe('a lower-case SQL table name such as ssd_api_data_staging'),
        /**
         * Schema of ssd-delta's own tables (the staging table, ssd_delta_*). Every name ssd-delta
         * writes into SQL is qualified with it. Unset: the login's default schema (SQL Server) or
         * the first schema on search_path (Postgres), read once when the database is opened.
         * Example: `ssd_delta`.
         */
        schema: schemaName.optional().describe('a schema name such as dbo or ssd_delta'),
        /**
         * Schema of the SSD tables (ssd_person, ...), when it is not `database.schema`. SystemC's
         * SSD script builds them in `ssd_development` by default. `init` says where it found them.
         */
        ssdSchema: schemaName.optional().describe('a schema name such as ssd_development or dbo'),
      })
      .strict(),
    /**
     * The LA's SSD build, where it names tables and columns otherwise than the standard (SystemC)
     * one. `init` checks every name against the database.
     */
    ssd: z
      .object({
        /** `systemc` (the standard names) or `mosaic` (config/ssd-variants/mosaic.json). Default `systemc`. */
        variant: z.enum(['systemc', 'mosaic'], { error: 'must be systemc or mosaic' }).describe('systemc or mosaic'),
        /** The LA's table names, by standard table name, over the variant's. Example: `{ "ssd_person": "la_person" }`. */
        tables: z.record(identifier, identifier).optional().describe('an object mapping a standard SSD table name to the LA\'s'),
        /**
         * The LA's column names, by standard table then standard column name, over the variant's;
         * null when the LA's build has no such column. Example: `{ "ssd_cin_plans": { "cinp_cin_plan_id": "cin_plan_id" } }`.
         */
        columns: z.record(identifier, z.record(identifier, identifier.nullable())).optional().describe('an object mapping a standard SSD table name to { standard column: the LA\'s column, or null }'),
      })
      .strict(),
    /** Reading changes and rebuilding touched children. */
    capture: z
      .object({
        /**
         * How changes are found. `fingerprint`: ssd-delta keeps a hash of every SSD row
         * (ssd_delta_fingerprint) and a refresh after each SSD load turns only rows whose hash
         * changed into changes, so a nightly truncate-and-reload costs nothing (see
         * docs/sql-server.md). `direct`: the SSD tables themselves are tracked (Change Tracking on
         * SQL Server, triggers on Postgres), for an SSD maintained in place. Unset: fingerprint on
         * SQL Server, direct on Postgres.
         */
        mode: z.enum(['fingerprint', 'direct'], { error: 'must be fingerprint or direct' }).optional().describe('fingerprint or direct'),
        /** SQL Server Change Tracking retention, in days (set by `init`). Default 7. */
        retentionDays: int(1, 365).describe('a whole number of days from 1 to 365'),
        /**
         * SQL Server Change Tracking AUTO_CLEANUP (set by `init`). Default true. false keeps every
         * change until the DBA cleans up, for a database whose other users need that.
         */
        autoCleanup: z.boolean({ error: 'must be true or false' }).describe('true or false'),
        /** Children rebuilt per set-based fetch. Default 1000. Example: 2000. */
        chunkSize: int(1, 50000).describe('a whole number from 1 to 50000'),
        /**
         * Largest share of the children the API holds that one cycle may purge (a half-loaded SSD
         * must not delete them at the DfE). Default 0.1; at least 25 are always allowed. Example: 1
         * (no limit, for one run after a real mass removal; `run --allow-mass-delete`).
         */
        maxDeletedShare: z
          .number({ error: 'must be a number from 0 to 1' })
          .min(0, 'must be at least 0')
          .max(1, 'must be at most 1')
          .describe('a number from 0 to 1, e.g. 0.1 for 10%'),
        /**
         * Largest share of the items the API holds of one kind (social care episodes,
         * assessments, plans, placements; and children losing a whole section such as their care
         * workers) that one cycle may purge from updated children. Above it the cycle stops and
         * marks none of those purges. Default 0.1; at least 25 are always allowed. Items the
         * reporting window moved past (no row changed) are not counted. Example: 1 (no limit;
         * `run --allow-mass-delete`).
         */
        maxPurgedShare: z
          .number({ error: 'must be a number from 0 to 1' })
          .min(0, 'must be at least 0')
          .max(1, 'must be at most 1')
          .describe('a number from 0 to 1, e.g. 0.1 for 10%'),
        /**
         * Largest share of an SSD table's rows that may be gone since the last cycle that marked
         * before cycles hold for it, as for a reload under way (at most capture.reloadGraceMinutes;
         * fewer than 25 rows gone never counts). Default 0.5. Example: 0.2.
         */
        maxShrinkShare: z
          .number({ error: 'must be a number from 0 to 1' })
          .min(0, 'must be at least 0')
          .max(1, 'must be at most 1')
          .describe('a number from 0 to 1, e.g. 0.5 for 50%'),
        /**
         * Never build children from a load half done. Fingerprint mode: refresh an SSD table only
         * once its signature is the same on two polls in a row (its load has finished). Direct
         * mode: after a TRUNCATE (or a change of at least maxShrinkShare of its rows), take the
         * table once a cycle finds it as the last one did, or (Postgres) its last change is 10
         * minutes old. Either way a cycle marks nothing while a table is still being written; a
         * change then waits one cycle (in fingerprint mode `ssd-delta refresh` takes it at once).
         * Default true.
         */
        waitForSettledLoads: z.boolean({ error: 'must be true or false' }).describe('true or false'),
        /**
         * Longest time, in minutes, cycles hold for one SSD table that is truncated, shrunk (see
         * maxShrinkShare) or (direct mode) still being written; after it the table is taken as it
         * is (the mass-delete guards still apply). 0: never hold. Default 120.
         */
        reloadGraceMinutes: int(0, 10080).describe('a whole number of minutes from 0 to 10080'),
      })
      .strict(),
    /** The document. */
    payload: z
      .object({
        /** "Today" for the reporting window, for replays and tests. Unset: the real date. Example: `2026-04-01`. */
        asOf: isoDate.optional().describe('a date written YYYY-MM-DD'),
        /**
         * What an updated child is sent as. `full` (default): the whole current document, plus a
         * purge for each item the API holds and the child no longer has. `partial`: only what
         * changed since the last document the API accepted (ids and child_details always).
         */
        mode: z.enum(['full', 'partial'], { error: 'must be full or partial' }).describe('full or partial'),
        /**
         * Send `{la_child_id, mis_child_id, purge: true}` for a child who was sent and is gone
         * (person row deleted, or out of the cohort). Default true. false: such children are only
         * marked deleted, and wait (row_state deleted, pending) until this is turned on.
         */
        purgeDeleted: z.boolean({ error: 'must be true or false' }).describe('true or false'),
        /**
         * A text file of person ids (one `pers_person_id` per line, `#` comments): when set, only
         * these children can be in the cohort (payload.md: an optional LA list restricts it).
         * Unset: no list. Example: `/etc/ssd-delta/cohort.txt`.
         */
        cohortFile: z.string().min(1).optional().describe('a file path'),
        /**
         * The LA's own spellings of coded values, added to the built-in DfE codes and descriptions
         * (src/payload/code-lists.ts): description or variant code -> API code. Config file only.
         * A value that maps to nothing is left out and listed by `ssd-delta validate`. Example:
         * `{"careLeaverActivity": {"Full time higher education": "F1"}}`.
         */
        codes: z
          .object({
            careLeaverActivity: codeMap(2),
            careLeaverAccommodation: codeMap(1),
            immigrationStatus: codeMap(1),
            claStartReason: codeMap(1),
            claEndReason: codeMap(3),
          })
          .strict()
          .optional(),
      })
      .strict(),
    /** Sending to the API. */
    submit: z
      .object({
        /** Children per POST (the API takes at most 100). Default 100. */
        batchSize: int(1, 100).describe('a whole number from 1 to 100'),
        /** POSTs in flight at once. Default 4. */
        concurrency: int(1, 64).describe('a whole number from 1 to 64'),
        /**
         * Seconds a claimed batch stays leased, renewed before each POST. A run that took over an
         * ended run's children sends a document other than the one that run's unanswered POST
         * carried only once its lease has run out. Default 300. Must be more than
         * 4 * api.timeoutMs / 1000 + 30 (checked after validation, see lease-check.ts).
         */
        leaseSeconds: int(10, 86400).describe('a whole number of seconds from 10 to 86400, more than 4 * api.timeoutMs / 1000 + 30'),
        /** Times a batch the API could not take (5xx, 429, 403, 401, timeout, reset) is sent again in one run. Default 3. */
        retries: int(0, 10).describe('a whole number from 0 to 10'),
        /** First backoff ceiling in ms, doubling per retry, with full jitter. Default 5000. */
        backoffBaseMs: int(0, 600_000).describe('a whole number of milliseconds from 0 to 600000'),
        /** Largest backoff in ms (a longer Retry-After gives the batch up for this run). Default 60000. */
        backoffCapMs: int(0, 600_000).describe('a whole number of milliseconds from 0 to 600000'),
        /** Largest backoff after a 403 (the gateway shapes traffic with it) in ms. Default 120000. */
        forbiddenCapMs: int(0, 600_000).describe('a whole number of milliseconds from 0 to 600000'),
        /** Refusals of a child, across runs, after which it stays `error` until `ssd-delta resend`. Default 3. */
        maxAttempts: int(1, 100).describe('a whole number from 1 to 100'),
        /** Batches in a row the API could not take before a run stops sending (the rest stay pending). Default 3. */
        breakerThreshold: int(1, 1000).describe('a whole number from 1 to 1000'),
        /** Least time between the starts of two POSTs, across workers, in ms; the reference senders use ~400. Default 0. */
        minGapMs: int(0, 60_000).describe('a whole number of milliseconds from 0 to 60000'),
      })
      .strict(),
    /** The DfE API (see README: secrets come only from the environment or a file). */
    api: z
      .object({
        /** Base URL, e.g. `https://pp-api.education.gov.uk/children-in-social-care-data-receiver-test/1`. */
        baseUrl: httpUrl.optional().describe('an https:// URL'),
        /** OAuth2 token endpoint URL. */
        tokenEndpoint: httpUrl.optional().describe('an https:// URL'),
        /** The LA's 3-digit code. Example: `846`. */
        laCode: z.string().regex(/^\d{3}$/, 'must be the 3-digit LA code').optional().describe('three digits, e.g. 846'),
        /** OAuth2 client id. */
        clientId: z.string().min(1).optional().describe('the client id from the DfE portal'),
        /** OAuth2 scope. */
        scope: z.string().min(1).optional().describe('the scope from the DfE portal'),
        /** Client secret: environment `SSD_DELTA_API_CLIENT_SECRET` only, never a config file. */
        clientSecret: z.string().min(1).optional().describe('set SSD_DELTA_API_CLIENT_SECRET or api.clientSecretFile'),
        /** File holding the client secret. Example: `/run/secrets/dfe-client-secret`. */
        clientSecretFile: z.string().min(1).optional().describe('a file path'),
        /** Gateway subscription key (`SupplierKey` header): environment `SSD_DELTA_API_SUPPLIER_KEY` only. */
        supplierKey: z.string().min(1).optional().describe('set SSD_DELTA_API_SUPPLIER_KEY or api.supplierKeyFile'),
        /** File holding the subscription key. */
        supplierKeyFile: z.string().min(1).optional().describe('a file path'),
        /** Per-request timeout in milliseconds. Default 60000. */
        timeoutMs: int(1000, 600000).describe('a whole number of milliseconds from 1000 to 600000'),
      })
      .strict(),
    /** Logging. */
    log: z
      .object({
        /** pino level. Default `info`. */
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).describe('one of trace, debug, info, warn, error, fatal, silent'),
        /** Pretty lines instead of JSON. Unset: pretty when stderr is a terminal, JSON otherwise. */
        pretty: z.boolean({ error: 'must be true or false' }).optional().describe('true or false'),
      })
      .strict(),
    /** The built-in simulated DfE API (`demo`, `run --simulated-api`): how unreliable it is. */
    simulator: z
      .object({
        /** Inject the `--chaos` preset of faults and latency (every fault at a few per cent). Default false. */
        chaos: z.boolean({ error: 'must be true or false' }).describe('true or false'),
        /**
         * Share (0..1) of children POSTs answered with each fault, by kind: 401, 403, 429, 500, 503,
         * timeout, reset, malformed (a 2xx that is not JSON), wrongLength (too few receipts).
         * Config file only. Example: `{"503": 0.1, "timeout": 0.02}`. Unset: none (or the preset with chaos).
         */
        faultRates: z
          .partialRecord(z.enum(FAULT_KINDS), z.number().min(0, 'must be at least 0').max(1, 'must be at most 1'))
          .optional()
          .describe('an object of fault kind -> rate from 0 to 1'),
        /** `Retry-After` seconds sent with a simulated 429. Default 1. */
        retryAfterSeconds: int(0, 3600).describe('a whole number of seconds from 0 to 3600'),
        /** Extra latency per children POST, uniform from min to max ms. Default 0 (with chaos: 5..60). */
        latencyMinMs: int(0, 60_000).describe('a whole number of milliseconds from 0 to 60000'),
        latencyMaxMs: int(0, 60_000).describe('a whole number of milliseconds from 0 to 60000'),
        /** Lifetime of the simulator's tokens in seconds (they really expire). Default 3600. */
        tokenTtlSeconds: int(1, 86_400).describe('a whole number of seconds from 1 to 86400'),
        /** Largest request body it reads; a larger one gets a 413. Default 10485760 (10 MiB). */
        maxBodyBytes: int(1024, 100 * 1024 * 1024).describe('a whole number of bytes from 1024 to 104857600'),
      })
      .strict(),
    /** `serve`: when cycles run. */
    schedule: z
      .object({
        /**
         * When a cycle starts: a cron expression with seconds (node-cron), in `schedule.timezone`.
         * Default `0 * * * * *` (every minute); `*\/10 * * * * *` is every 10 s. A tick while a
         * cycle still runs is skipped, never stacked.
         */
        cycle: z.string().refine((value) => validateCron(value), 'must be a cron expression such as "0 * * * * *" (every minute) or "*/10 * * * * *" (every 10 s)').describe('a cron expression with seconds, e.g. "0 * * * * *"'),
        /** The time zone the schedule is read in. Default Europe/London (clock changes included). */
        timezone: z.string().refine((value) => knownTimeZone(value), 'must be an IANA time zone such as Europe/London').describe('an IANA time zone, e.g. Europe/London'),
        /**
         * When sending is allowed: a cron expression with seconds, matched against the time a
         * cycle starts, e.g. `* * 7-18 * * 1-5` (07:00 to 18:59, Monday to Friday). Outside it
         * cycles still capture and mark (so nothing is missed) and send nothing; what waits goes
         * at the first cycle inside it. Unset: always.
         */
        send: z
          .string()
          .refine((value) => validateCron(value), 'must be a cron expression such as "* * 7-18 * * 1-5" (07:00 to 18:59 on weekdays)')
          .optional()
          .describe('a cron expression with seconds, e.g. "* * 7-18 * * 1-5"'),
        /**
         * capture.mode=fingerprint: when to compare every SSD table with its fingerprints in full,
         * as `ssd-delta refresh` does, e.g. `0 30 6 * * *` once the LA's nightly SSD load has
         * finished (the cycle after the tick does it first). Unset: cycles only refresh the
         * tables whose signature moved.
         */
        refresh: z
          .string()
          .refine((value) => validateCron(value), 'must be a cron expression such as "0 30 6 * * *" (06:30 every day)')
          .optional()
          .describe('a cron expression with seconds, e.g. "0 30 6 * * *"'),
      })
      .strict(),
    /** `serve`: its HTTP endpoints (the status page, /metrics, /healthz, /readyz). */
    serve: z
      .object({
        /**
         * host:port to listen on. Default 127.0.0.1:9464 (port 0: any free port). Any other
         * address than loopback needs serve.allowRemote, serve.token and TLS (see
         * checkServeExposure).
         */
        listen: z
          .string()
          .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'must be host:port such as 127.0.0.1:9464 (an IPv6 address in brackets: [::1]:9464)')
          .refine((value) => Number(value.slice(value.lastIndexOf(':') + 1)) <= 65_535 && (!/^[\d.]+:/.test(value) || value.split(/[.:]/).slice(0, 4).every((part) => Number(part) <= 255)), 'must have octets up to 255 and a port up to 65535')
          .describe('host:port, e.g. 127.0.0.1:9464'),
        /**
         * true: `listen` may be an address other machines reach (Prometheus on another server, an
         * operator's browser). Requests from elsewhere must then carry `serve.token`, and the
         * endpoints answer over TLS only. Default false.
         */
        allowRemote: z.boolean().describe('true or false'),
        /**
         * The bearer token that opens the endpoints to other machines and shows child ids on the
         * status page (`Authorization: Bearer <token>`, or Basic with the token as password). A
         * secret: environment `SSD_DELTA_SERVE_TOKEN` or `serve.tokenFile` only. At least 24
         * characters, e.g. `openssl rand -hex 32`.
         */
        token: z
          .string()
          .regex(/^[\x21-\x7e]{24,}$/, 'must be at least 24 characters, printable and without spaces (e.g. openssl rand -hex 32)')
          .refine((value) => new Set(value).size >= 10, 'must not repeat a few characters (e.g. openssl rand -hex 32)')
          .optional()
          .describe('set SSD_DELTA_SERVE_TOKEN or serve.tokenFile'),
        /** File holding the token. Example: `/run/secrets/ssd-delta-serve-token`. */
        tokenFile: z.string().min(1).optional().describe('a file path'),
        /** TLS certificate chain (PEM) the endpoints answer with: needed to listen beyond loopback. */
        tlsCertFile: z.string().min(1).optional().describe('a file path (PEM)'),
        /** TLS private key (PEM) of `tlsCertFile`. */
        tlsKeyFile: z.string().min(1).optional().describe('a file path (PEM)'),
      })
      .strict(),
    /** `serve`: how it stops on SIGTERM or SIGINT. */
    shutdown: z
      .object({
        /**
         * How long the cycle in hand may take to finish (batches in flight answered, with their
         * retries) before the process exits anyway. Default 180000: a POST may wait api.timeoutMs
         * and back off; give the service manager at least as long (systemd TimeoutStopSec).
         */
        graceMs: int(0, 600_000).describe('a whole number of milliseconds from 0 to 600000'),
      })
      .strict(),
    /** `serve`: when it is not ready. */
    alerts: z
      .object({
        /** /readyz fails when the last successful cycle is older than this. Default 30. */
        maxCycleAgeMinutes: int(1, 10_080).describe('a whole number of minutes from 1 to 10080'),
        /**
         * The status page (and alerts) call it a problem when a child has waited longer than this
         * to be sent (since its row was last written). Default 60.
         */
        maxPendingAgeMinutes: int(1, 10_080).describe('a whole number of minutes from 1 to 10080'),
        /**
         * `status` and `serve` name every transaction open longer than this in the SSD's database
         * that has written and not committed (by database, pid or session id, application and age):
         * capture reads its changes only once it commits, so until then cycles say `changes 0`.
         * `serve` also alerts (`open-write`). 0 turns the report off. Default 60. Example: 240 for
         * an LA whose nightly load runs in one transaction for three hours.
         */
        maxOpenTransactionMinutes: int(0, 10_080).describe('a whole number of minutes from 0 (off) to 10080'),
        /**
         * Where alerts are POSTed (Teams/Slack incoming webhook: JSON with a `text` line). A secret
         * (its URL carries the token): environment `SSD_DELTA_ALERTS_WEBHOOK_URL` or
         * `alerts.webhookUrlFile` only. Unset: alerts go to the log and stdout alone.
         */
        webhookUrl: z
          .url({ protocol: /^https?$/, error: 'must be an https:// URL' })
          // Its token must not travel in clear: plain http only to this machine (a local relay, tests).
          .refine((value) => value.startsWith('https://') || (value.startsWith('http://') && loopbackHost(new URL(value).host)), 'must be an https:// URL (http:// only to a loopback address)')
          .optional()
          .describe('set SSD_DELTA_ALERTS_WEBHOOK_URL or alerts.webhookUrlFile'),
        /**
         * What the webhook is sent: `text` (`{"text": ...}`: Slack, and Teams' older incoming
         * webhooks) or `teams` (an Adaptive Card message, for a Teams Workflows "when a webhook
         * request is received" flow). Default `text`.
         */
        webhookFormat: z.enum(['text', 'teams']).describe('text or teams'),
        /** File holding the webhook URL. Example: `/run/secrets/ssd-delta-webhook`. */
        webhookUrlFile: z.string().min(1).optional().describe('a file path'),
      })
      .strict(),
    /** The demo and the simulator. */
    demo: z
      .object({
        /** Synthetic children to seed. Default 2000. */
        children: int(1, 2_000_000).describe('a whole number from 1 to 2000000'),
        /** Seed of the synthetic data and changes. Default 1. */
        seed: int(0, 2_147_483_647).describe('a whole number from 0 to 2147483647'),
        /** Rounds of simulated changes after the first cycle. Default 3. */
        rounds: int(0, 1000).describe('a whole number from 0 to 1000'),
      })
      .strict(),
  })
  .strict();

/** The validated, frozen configuration every module receives. */
export type Config = z.infer<typeof configSchema>;

/** Config keys that hold secrets: accepted from the environment, never from a config file. */
export const SECRET_KEYS: readonly string[] = ['api.clientSecret', 'api.supplierKey', 'database.password', 'alerts.webhookUrl', 'serve.token'];
