/**
 * The configuration reference (docs/configuration.md): one row per key or group of keys, with
 * what it means. Each key's environment variable and default are not written here but taken from
 * the schema (config-keys.ts) and config/default.json, and a test holds that every key has
 * exactly one row: a key added to the schema without a row here fails it, so the reference cannot
 * drift from the code. `npm run config-reference` rewrites the table in docs/configuration.md.
 */
export interface ReferenceRow {
  /** Dotted keys (`database.mssql.*`: every key under it); a map only a file can set (payload.codes) by its own name. */
  readonly keys: readonly string[];
  /** What it is when config/default.json gives none of the row's keys a value (omitted: the defaults are shown). */
  readonly unset?: string;
  /** What it does (Markdown). */
  readonly meaning: string;
}

/** The rows, in the order the reference shows them. */
export const CONFIG_REFERENCE: readonly ReferenceRow[] = [
  { keys: ["database.url"], unset: "unset: embedded", meaning: "Postgres server URL (`postgres://...`), or SQL Server (`mssql://user@host:1433/database?...`, see docs/sql-server.md)" },
  { keys: ["database.mssql.*"], unset: "sql auth, encrypt, verify certificate", meaning: "SQL Server connection: `server`, `port`, `instanceName`, `database`, `authentication` (`sql` or `ntlm`), `user`, `domain`, `encrypt` (true), `trustServerCertificate` (false), `connectTimeoutMs` (15000), `requestTimeoutMs` (300000), `poolMax` (10, at least 4); see docs/sql-server.md" },
  { keys: ["database.password", "database.passwordFile"], unset: "", meaning: "SQL Server password; environment only, or `database.passwordFile`" },
  { keys: ["database.dataDir"], unset: "`.ssd-delta/db`", meaning: "folder of the embedded database" },
  { keys: ["database.stagingTable"], meaning: "staging table name" },
  { keys: ["database.schema"], unset: "the login's default schema / first schema on search_path", meaning: "schema of ssd-delta's own tables (`--schema`)" },
  { keys: ["database.ssdSchema"], unset: "`database.schema`", meaning: "schema of the SSD tables, e.g. SystemC's `ssd_development` (`--ssd-schema`)" },
  { keys: ["ssd.variant"], meaning: "the LA's SSD build: `systemc` (standard names) or `mosaic` (docs/sql-server.md)" },
  { keys: ["ssd.tables", "ssd.columns"], unset: "", meaning: "the LA's own table and column names, by standard name (`null`: a column the build lacks)" },
  { keys: ["capture.mode"], unset: "`fingerprint` on SQL Server, `direct` on Postgres", meaning: "`direct`: the SSD tables themselves are tracked (triggers on Postgres, Change Tracking on SQL Server); `fingerprint`: ssd-delta keeps a hash of every SSD row and only rows whose hash changed after a load become changes, so a nightly truncate-and-reload of unchanged data costs nothing (see \"How it works\" in the README). An LA whose Postgres SSD is reloaded every night should set `fingerprint`: the cycle after an unchanged reload of 20,000 children takes 0.6 s instead of 32 s (benchmarks/README.md)" },
  { keys: ["capture.waitForSettledLoads"], meaning: "never build children from a load half done. Fingerprint mode: refresh an SSD table only once its signature has stayed the same for one cycle (its load has finished; `ssd-delta refresh` takes it at once). Direct mode: after a TRUNCATE (or a change of at least the `capture.maxShrinkShare` of its rows), take the table once a cycle finds it as the last one did, or (Postgres) its last change is 10 minutes old. Either way a cycle marks nothing while a table is still being written, and a change waits one cycle" },
  { keys: ["capture.retentionDays", "capture.autoCleanup"], meaning: "SQL Server Change Tracking retention and AUTO_CLEANUP set by `init`; a watermark older than the retention re-baselines (slower, never wrong)" },
  { keys: ["capture.chunkSize"], meaning: "children rebuilt per set-based fetch" },
  { keys: ["capture.maxDeletedShare"], meaning: "largest share of the children the API holds that one cycle may purge (at least 25 always allowed); above it the cycle stops, marks nobody deleted and exits 1; `run --allow-mass-delete` lifts it for one run. Children that leave because the reporting window moved past them (no row changed) are not counted" },
  { keys: ["capture.maxPurgedShare"], meaning: "the same for what updated children lose: the largest share of the API's social care episodes, assessments, plans, enquiries, placements, blocks or care workers (each kind apart) that one cycle may take away, and of the children that may lose a whole section (all their care workers, all their plans). At least 25 always allowed. Above it the cycle stops, marks none of the updates that take anything away (nor the watermark), names the kinds, their SSD tables and the counts, and exits 1; `run --allow-mass-delete` lifts it. An item that ends (an end date) is not taken away; one the window moved past is not counted" },
  { keys: ["capture.maxShrinkShare"], meaning: "a table that lost more than this share of its rows (and at least 25) since the last cycle that marked is taken for a reload under way or a load that failed part-way: cycles hold (mark nothing) until it is back, for at most `capture.reloadGraceMinutes`" },
  { keys: ["capture.reloadGraceMinutes"], meaning: "the longest cycles hold for one SSD table that is truncated and empty, shrunk, or (direct mode) still being written; after it the table is taken as it is (the mass-delete guards still apply). 0: never hold" },
  { keys: ["payload.asOf"], unset: "today", meaning: "\"today\" for the reporting window (replays, tests)" },
  { keys: ["payload.mode"], meaning: "what an updated child is sent as: `full`, the whole document plus a purge for each item or block the API holds that is gone; `partial`, only what changed since the last accepted document (see \"Time-driven changes\" in the README). `run --payload-mode`" },
  { keys: ["payload.cohortFile"], unset: "unset", meaning: "a text file of person ids (one `pers_person_id` per line, `#` comments): only these children can be in the cohort (payload.md's optional LA list). Changing it (or `payload.codes`, or upgrading ssd-delta) makes the next cycle re-evaluate every child and send only the documents that changed" },
  { keys: ["payload.codes"], unset: "built-in", meaning: "the LA's spellings of coded values, added to the DfE codes and descriptions in `src/payload/code-lists.ts`: `careLeaverActivity`, `careLeaverAccommodation`, `immigrationStatus` (what means UASC), `claStartReason`, `claEndReason`, each an object of description (or a variant's code) -> API code, e.g. `{\"careLeaverActivity\": {\"Full time higher education\": \"F1\"}}`. A value that is no code, no code followed by its description and no known description is left out (never cut to look like a code) and listed by `validate`" },
  { keys: ["payload.purgeDeleted"], meaning: "send `{la_child_id, mis_child_id, purge: true}` for a child who was sent and is gone; false: only mark it deleted (it waits as `deleted`/`pending` and is sent once this is turned on)" },
  { keys: ["submit.batchSize"], meaning: "children per POST (1..100)" },
  { keys: ["submit.concurrency"], meaning: "POSTs in flight" },
  { keys: ["submit.leaseSeconds"], meaning: "how long a claimed batch is leased; must be more than 4 × `api.timeoutMs` / 1000 + 30 (see below)" },
  { keys: ["submit.retries"], meaning: "times a batch the API could not take (5xx, 429, 403, 401 after a token refresh, timeout, reset) is sent again in one run" },
  { keys: ["submit.backoffBaseMs", "submit.backoffCapMs"], meaning: "backoff before a retry: a random wait up to base × 2^(retry-1), at most the cap; a longer `Retry-After` is honoured, one past the cap gives the batch up for this run" },
  { keys: ["submit.forbiddenCapMs"], meaning: "the cap after a 403 (the gateway's traffic shaping)" },
  { keys: ["submit.maxAttempts"], meaning: "refusals of a child across runs after which it stays `error` and is not sent again automatically" },
  { keys: ["submit.breakerThreshold"], meaning: "batches in a row the API could not take before a run stops sending (the rest stay pending)" },
  { keys: ["submit.minGapMs"], meaning: "least time between the starts of two POSTs, across workers (the reference senders leave ~400)" },
  { keys: ["api.baseUrl"], unset: "", meaning: "e.g. `https://pp-api.education.gov.uk/children-in-social-care-data-receiver-test/1`" },
  { keys: ["api.tokenEndpoint"], unset: "", meaning: "OAuth2 token URL" },
  { keys: ["api.laCode"], unset: "", meaning: "the LA's 3-digit code" },
  { keys: ["api.clientId", "api.scope"], unset: "", meaning: "OAuth2 client credentials" },
  { keys: ["api.clientSecret", "api.clientSecretFile"], unset: "", meaning: "environment only, or `api.clientSecretFile`" },
  { keys: ["api.supplierKey", "api.supplierKeyFile"], unset: "", meaning: "`SupplierKey` header; environment only, or `api.supplierKeyFile`" },
  { keys: ["api.timeoutMs"], meaning: "per-request timeout" },
  { keys: ["log.level"], meaning: "pino level" },
  { keys: ["log.pretty"], unset: "when stderr is a terminal", meaning: "readable lines instead of JSON" },
  { keys: ["schedule.cycle"], meaning: "`serve`: when a cycle starts, cron with seconds (`*/10 * * * * *`: every 10 s); a tick while a cycle still runs is skipped, never stacked" },
  { keys: ["schedule.send"], unset: "unset: always", meaning: "`serve`: when sending is allowed, cron with seconds matched at each cycle's start (`* * 7-18 * * 1-5`: 07:00 to 18:59 on weekdays); outside it cycles capture and mark and send nothing (the cycle line says so, and the pending-age alert waits), and what waited goes at the first cycle inside it" },
  { keys: ["schedule.refresh"], unset: "unset", meaning: "`serve`, `capture.mode=fingerprint`: when to compare every SSD table with its fingerprints in full, as `ssd-delta refresh` does (`0 30 6 * * *`: after a nightly load that ends by 06:30); the cycle after the tick does it first" },
  { keys: ["schedule.timezone"], meaning: "the time zone `schedule.cycle` is read in" },
  { keys: ["serve.listen"], meaning: "`serve`: where the status page, `/metrics`, `/healthz` and `/readyz` answer (port 0: any free port); an address other than loopback only with `serve.allowRemote`, `serve.token` and TLS (docs/running-a-service.md)" },
  { keys: ["serve.allowRemote"], meaning: "`serve`: true lets other machines in; every request but `/healthz` must then carry `serve.token`" },
  { keys: ["serve.token", "serve.tokenFile"], unset: "unset", meaning: "`serve`: bearer token (at least 24 characters; `openssl rand -hex 32`) that requests from other machines must carry, and that `/children` (the status page with child ids) asks for; `Authorization: Bearer <token>`, or Basic with the token as password (a browser's prompt). A secret: environment or file only" },
  { keys: ["serve.tlsCertFile", "serve.tlsKeyFile"], unset: "unset", meaning: "`serve`: PEM certificate (with chain) and key: the endpoints answer HTTPS. Needed to listen beyond loopback" },
  { keys: ["shutdown.graceMs"], meaning: "`serve`: after SIGTERM or SIGINT no new batch is claimed; this is how long the batches in flight (with their retries) may take to be answered and recorded before the process exits anyway (exit 1). Give the service manager at least as long (systemd `TimeoutStopSec`)" },
  { keys: ["alerts.maxCycleAgeMinutes"], meaning: "`serve`: `/readyz` answers 503 when no cycle has succeeded for this long" },
  { keys: ["alerts.maxPendingAgeMinutes"], meaning: "`serve`: a child waiting longer than this to be sent is an alert (`pending-age`) and a problem on the status page" },
  { keys: ["alerts.maxOpenTransactionMinutes"], meaning: "`status` and `serve`: name every transaction open longer than this in the SSD's database that has written and not committed (database, pid or session id, application, minutes; never its query or user): capture reads its changes only when it commits. `serve` logs them each cycle, alerts (`open-write`) and shows the oldest as `ssd_delta_open_write_transaction_seconds`. The login needs `pg_read_all_stats` (Postgres) or `VIEW SERVER STATE` (SQL Server) to see other logins' transactions; without, `status` says which GRANT to ask for. 0: off" },
  { keys: ["alerts.webhookUrl", "alerts.webhookUrlFile"], unset: "unset", meaning: "`serve`: where alerts are POSTed, a Teams or Slack incoming webhook (JSON with a `text` line, and an `ssdDelta` object: alert, state, message, host, since, at). A secret: environment or file only; `https://` (plain `http://` only to a loopback address). Unset: alerts go to the log (error level) and stdout only" },
  { keys: ["alerts.webhookFormat"], meaning: "`serve`: `text` (`{\"text\": ...}`: Slack, Teams' older incoming webhooks) or `teams` (an Adaptive Card message, for a Teams Workflows webhook)" },
  { keys: ["simulator.chaos"], meaning: "the built-in simulated API injects a preset of faults (401, 403, 429 with Retry-After, 500, 503, timeouts, resets, a 2xx that is not JSON, too few receipts) and latency; `demo --chaos`, `run --simulated-api --chaos`. Against faults the simulated client gives up after 3 s and backs off 0.2-2 s" },
  { keys: ["simulator.faultRates"], unset: "", meaning: "share (0..1) of children POSTs answered with each fault kind, e.g. `{\"503\": 0.1, \"timeout\": 0.02}` (with chaos: the preset)" },
  { keys: ["simulator.retryAfterSeconds", "simulator.latencyMinMs", "simulator.latencyMaxMs", "simulator.tokenTtlSeconds", "simulator.maxBodyBytes"], meaning: "the simulator's Retry-After, latency range, token lifetime (tokens really expire) and largest body (413 above it)" },
  { keys: ["demo.children", "demo.seed", "demo.rounds"], meaning: "synthetic data for demo, seed, simulate" },
];
