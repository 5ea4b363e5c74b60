import { sqlServerError, type RecordedRequest } from './fake-mssql-pool.js';

/** One transaction the model's server has open. */
export interface ModelTransaction {
  /** Its session, or null for one no session holds (an in-doubt distributed transaction). */
  readonly sessionId: number | null;
  readonly transactionId: number;
  /** The session's program_name. */
  readonly program: string;
  /** Where it is open. */
  readonly database: string;
  /** Log records it has written there (0: it has only read). */
  readonly logRecords: number;
  /** Seconds since its first log record there (database_transaction_begin_time). */
  readonly seconds: number;
  /** sys.dm_tran_active_transactions.transaction_state (2 active, 5 prepared). */
  readonly state: number;
}

/** What the server holds and what the login may see of it. */
export interface OpenWritesState {
  /** DB_NAME() of the connection. */
  readonly database: string;
  /** @@SPID of the connection. */
  readonly spid: number;
  /** The login's SUSER_SNAME(). */
  readonly login: string;
  /** HAS_PERMS_BY_NAME(NULL, NULL, 'VIEW SERVER STATE'). */
  viewServerState: boolean;
  /** Refuse the views anyway (a DENY): SQL Server's error 300 when they are read. */
  deniedAnyway?: boolean;
  readonly transactions: ModelTransaction[];
}

/**
 * Answers sql/mssql/queries/read-open-writes.sql from `state` as SQL Server would: without VIEW
 * SERVER STATE the one row saying so (visible 0, the GRANT for the login); with it, the
 * transactions of this database that wrote, other sessions' only, at least @older_than_seconds
 * old, oldest first, or the one row with no transaction. Any other request: null (not this model's).
 */
export function openWritesModel(state: OpenWritesState): (request: RecordedRequest) => unknown[] | Error | null {
  return (request) => {
    if (request.name !== 'read-open-writes.sql') return null;
    if (!state.viewServerState) {
      return [{ visible: false, grant_needed: `GRANT VIEW SERVER STATE TO [${state.login}] (in master; on SQL Server 2022 VIEW SERVER PERFORMANCE STATE is enough)`, unseen: 0, database: null, pid: null, application: null, seconds: null, prepared: null }];
    }
    if (state.deniedAnyway) return sqlServerError(300, "VIEW SERVER STATE permission was denied on object 'server', database 'master'.");
    const olderThan = Number(request.params.find((p) => p.name === 'older_than_seconds')?.value);
    const rows = state.transactions
      .filter((t) => t.database === state.database && t.logRecords > 0 && t.sessionId !== state.spid && t.seconds >= olderThan)
      .sort((a, b) => b.seconds - a.seconds)
      .map((t) => ({ visible: true, grant_needed: null, unseen: 0, database: t.database, pid: String(t.sessionId ?? t.transactionId), application: t.program, seconds: t.seconds, prepared: t.state === 4 || t.state === 5 }));
    return rows.length > 0 ? rows : [{ visible: true, grant_needed: null, unseen: 0, database: null, pid: null, application: null, seconds: null, prepared: null }];
  };
}
