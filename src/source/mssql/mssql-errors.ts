import { DatabaseUnavailableError, SchemaError, SsdDeltaError, TableBusyError } from '../../core/errors.js';

/** SQL Server error numbers ssd-delta runs again: the work itself was fine, another session got in the way. */
const TRANSIENT = new Set([
  1205, // chosen as deadlock victim
  3960, // snapshot isolation update conflict (another transaction changed the row first)
  3961, // snapshot isolation DDL conflict (the nightly TRUNCATE, an index rebuild): a new snapshot sees the table as it is now
]);

/** The SQL Server error number of a driver error (RequestError.number, or its tedious cause's). */
function mssqlErrorNumber(error: unknown): number | undefined {
  const e = error as { number?: unknown; originalError?: { number?: unknown; info?: { number?: unknown } }; cause?: unknown } | null;
  const n = e?.number ?? e?.originalError?.number ?? e?.originalError?.info?.number;
  if (typeof n === 'number') return n;
  // An error classified already (ssd-delta's own) keeps the driver's as its cause.
  return e instanceof SsdDeltaError && e.cause !== undefined ? mssqlErrorNumber(e.cause) : undefined;
}

/**
 * True for a deadlock (1205) or a snapshot conflict (3960, 3961): the statement or transaction is
 * run again. A marking cycle's snapshot is not (it holds instead: {@link busyTableError}).
 */
export function retryableMssqlError(error: unknown): boolean {
  const n = mssqlErrorNumber(error);
  return n !== undefined && TRANSIENT.has(n);
}

const GRANT = 'ask the DBA to run the GRANTs in docs/sql-server.md (or `ssd-delta init --dialect mssql --print-sql`)';

/** A refused permission, pointing to the GRANTs. */
function denied(what: string, n: number): (message: string) => SsdDeltaError {
  return (m) => new SsdDeltaError('PERMISSION_DENIED', `SQL Server ${what} (${n}: ${m}); ${GRANT}`, { exitCode: 1 });
}

/**
 * An SSD table that cannot be read as a whole now, on SQL Server: a lock another transaction
 * holds past the cycle's LOCK_TIMEOUT (1222: a load's TRUNCATE or ALTER not yet committed), or a
 * table truncated, altered or re-indexed since the snapshot began (3961). The cycle holds; the
 * next one reads the same changes again.
 */
function busyTable(n: 1222 | 3961, table: string | null): TableBusyError {
  const what = table ?? 'a table this cycle reads';
  return n === 1222
    ? new TableBusyError('SSD_TABLE_LOCKED', `${what} is locked by another transaction (SQL Server 1222: a TRUNCATE or ALTER of the load not yet committed): nothing more was read; the next cycle tries again`, table)
    : new TableBusyError('SNAPSHOT_DDL_CONFLICT', `${what} was truncated, altered or had an index rebuilt while it was being read (SQL Server 3961): the cycle stopped before moving its watermark, so the next one reads the same changes again`, table);
}

/**
 * Runs a read of `table`, naming that table in the TableBusyError a lock wait past the
 * LOCK_TIMEOUT (1222) or a DDL since the snapshot began (3961) becomes: a cycle held for a named
 * table fails once the grace has passed, so a load left idle in its transaction is heard of.
 */
export async function readingTable<T>(table: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw busyTableError(error, table) ?? error;
  }
}

/** The TableBusyError for a 1222 or 3961 raised while reading `table`, or null for any other error. */
export function busyTableError(error: unknown, table: string): TableBusyError | null {
  const n = mssqlErrorNumber(error);
  return n === 1222 || n === 3961 ? busyTable(n, table) : null;
}

/** What an error number means for an operator, and how to fix it. */
const KNOWN: Readonly<Record<number, (message: string) => SsdDeltaError>> = {
  18456: () => new DatabaseUnavailableError('SQL Server login failed (18456); check database.mssql.user, database.mssql.authentication (sql or ntlm, with database.mssql.domain) and the password in SSD_DELTA_DATABASE_PASSWORD or database.passwordFile'),
  4060: () => new DatabaseUnavailableError('SQL Server cannot open the database (4060): it does not exist or the login has no user in it; check database.mssql.database and the login\'s database user'),
  229: denied('refused a permission', 229),
  262: denied('refused a permission', 262),
  297: denied('refused a permission', 297),
  300: denied('refused a permission', 300),
  5011: denied('refused to alter the database', 5011),
  1088: denied('refused to alter a table', 1088),
  208: (m) => new SchemaError(`an object ssd-delta needs is missing (208: ${m}); run \`ssd-delta init\` (or the script from \`ssd-delta init --dialect mssql --print-sql\`) on this database first`),
  22105: (m) => new SchemaError(`Change Tracking is not enabled on a table ssd-delta reads (22105: ${m}); run \`ssd-delta init\` again, or enable it with the script from \`ssd-delta init --dialect mssql --print-sql\``),
  3956: () => new SchemaError('snapshot isolation is being switched on or off in this database (3956): SQL Server finishes the switch once the transactions open when it began have ended (a long load, say); try again then'),
  3952: () => new SchemaError('snapshot isolation is not allowed in this database (3952); run `ssd-delta init`, or have the DBA run ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON'),
  1222: () => busyTable(1222, null),
  3961: () => busyTable(3961, null),
  4997: (m) => new SchemaError(`Change Tracking needs a primary key on the table (4997: ${m}); use capture.mode=fingerprint (the default), which tracks ssd-delta's own fingerprint table instead`),
};

/** Driver connection codes (mssql ConnectionError.code) in words. */
const CONNECTION: Readonly<Record<string, string>> = {
  ELOGIN: 'login failed; check database.mssql.user, database.mssql.authentication (sql or ntlm, with database.mssql.domain) and the password in SSD_DELTA_DATABASE_PASSWORD',
  ETIMEOUT: 'timed out; check database.mssql.server and port (or instanceName), that SQL Server accepts TCP connections, and that no firewall is in the way',
  ESOCKET: 'the connection failed; check database.mssql.server and port (or instanceName) and that SQL Server accepts TCP connections',
  EINSTLOOKUP: 'the named instance was not found; check database.mssql.instanceName and that the SQL Browser service runs (UDP 1434), or set database.mssql.port instead',
};

/**
 * Turns a driver error into one ssd-delta reports: known SQL Server error numbers and connection
 * codes become a line saying what is wrong and how to fix it, with the number kept for
 * searching. A certificate that does not verify names database.mssql.trustServerCertificate.
 * Anything else passes through unchanged.
 */
export function classifyMssqlError(error: unknown): unknown {
  if (error instanceof SsdDeltaError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const n = mssqlErrorNumber(error);
  const known = n === undefined ? undefined : KNOWN[n];
  if (known) {
    const classified = known(message);
    (classified as { cause?: unknown }).cause = error;
    return classified;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /certificate|self[- ]signed|unable to verify/i.test(message)) {
    return new DatabaseUnavailableError(`the SQL Server's TLS certificate does not verify (${message}); install the CA that signed it, or (on a trusted network only) set database.mssql.trustServerCertificate=true`, error);
  }
  // A statement that ran out of time is not a connection that could not be made.
  if (code === 'ETIMEOUT' && (error as { name?: unknown }).name === 'RequestError') {
    return new DatabaseUnavailableError(`a statement ran longer than database.mssql.requestTimeoutMs and was cancelled (${message}): most often it waited for a lock a load holds (TRUNCATE, an index rebuild); try again after the load, or raise database.mssql.requestTimeoutMs`, error);
  }
  if (typeof code === 'string' && CONNECTION[code]) return new DatabaseUnavailableError(`cannot connect to SQL Server: ${CONNECTION[code]} (${code})`, error);
  return error;
}

/**
 * The constraint (2627: a primary key or unique constraint) or unique index (2601) a failed
 * write violated, as SQL Server's message names it; null for any other error. The name is read
 * from the English message: a login whose language is another gets null (the error then goes
 * on as the driver raised it).
 */
export function uniqueViolationOf(error: unknown): string | null {
  const n = mssqlErrorNumber(error);
  if (n !== 2627 && n !== 2601) return null;
  const message = error instanceof Error ? error.message : String(error);
  return /(?:constraint|unique index) '([^']+)'/i.exec(message)?.[1] ?? null;
}

/** True when SQL Server refused a statement for want of a permission (whether classified yet or not). */
export function permissionDeniedOf(error: unknown): boolean {
  return (error instanceof SsdDeltaError && error.code === 'PERMISSION_DENIED') || [229, 262, 297, 300].includes(mssqlErrorNumber(error) ?? 0);
}
