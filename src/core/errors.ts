/**
 * Errors ssd-delta raises on purpose. Each carries a stable code, a message a person can act
 * on (what is wrong, where, how to fix), whether retrying can help, and the process exit code
 * the CLI uses: 2 for bad configuration or usage, 1 for runtime failures.
 */
export class SsdDeltaError extends Error {
  /** Stable machine-readable code, e.g. `CONFIG_INVALID`. */
  readonly code: string;
  /** True when the same operation may succeed if tried again (network, deadlock, lock busy). */
  readonly retryable: boolean;
  /** Exit code for the CLI. */
  readonly exitCode: number;

  constructor(code: string, message: string, options: { retryable?: boolean; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SsdDeltaError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Bad configuration or usage: never retryable, exit code 2. */
export class ConfigError extends SsdDeltaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CONFIG_INVALID', message, { exitCode: 2, ...options });
    this.name = 'ConfigError';
  }
}

/** The LA's database does not hold what ssd-delta needs (missing SSD tables or columns). */
export class SchemaError extends SsdDeltaError {
  /** `code`: SSD_SCHEMA_MISSING, or CAPTURE_MISSING when change capture is not installed on a table. */
  constructor(message: string, code: 'SSD_SCHEMA_MISSING' | 'CAPTURE_MISSING' = 'SSD_SCHEMA_MISSING') {
    super(code, message, { exitCode: 2 });
    this.name = 'SchemaError';
  }
}

/** The database could not be reached or refused the connection. */
export class DatabaseUnavailableError extends SsdDeltaError {
  constructor(message: string, cause?: unknown) {
    super('DATABASE_UNAVAILABLE', message, { retryable: true, exitCode: 1, cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** Short, secret-free text of any thrown value, for logs and one-line CLI messages. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * An SSD table could not be read as a whole for now: another transaction holds it exclusively
 * (a TRUNCATE of the LA's load not yet committed), or it was truncated or altered while it was
 * read. Nothing is lost: a cycle holds (marks nothing) and the next one reads the same changes.
 */
export class TableBusyError extends SsdDeltaError {
  /** The table, when the database said which. */
  readonly table: string | null;

  constructor(code: string, message: string, table: string | null, cause?: unknown) {
    super(code, message, { retryable: true, exitCode: 1, cause });
    this.name = 'TableBusyError';
    this.table = table;
  }
}
