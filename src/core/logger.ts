import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

/** The logger type used across ssd-delta (pino). Passed explicitly: no global singleton. */
export type { Logger };

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** pino level: trace, debug, info, warn, error, fatal or silent. */
  level: string;
  /** Human-readable lines instead of JSON (pino-pretty); JSON is the default for machines. */
  pretty: boolean;
}

/**
 * Keys whose values never reach a log line. Tokens, keys, passwords, connection strings, and
 * the child's personal data (names, dates of birth, documents): logs carry ids only.
 */
export const REDACTED_PATHS: readonly string[] = [
  'password', '*.password', 'secret', '*.secret', 'clientSecret', '*.clientSecret',
  'token', '*.token', 'accessToken', '*.accessToken', 'access_token', '*.access_token',
  'supplierKey', '*.supplierKey', 'authorization', '*.authorization', 'headers.authorization',
  'url', '*.url', 'connectionString', '*.connectionString', 'databaseUrl', '*.databaseUrl',
  'first_name', '*.first_name', 'surname', '*.surname', 'date_of_birth', '*.date_of_birth',
  'document', '*.document', 'json_payload', '*.json_payload',
];

/**
 * Creates the process logger. Logs go to stderr so that command output on stdout (tables,
 * `--json`) stays clean for scripts.
 */
export function createLogger(options: LoggerOptions): Logger {
  const redact = { paths: [...REDACTED_PATHS], censor: '[redacted]' };
  if (options.pretty) {
    // Formatted in this thread, not in a transport's worker thread: a worker loads pino-pretty
    // from a file, which the single-file executable does not have. Synchronous, as the JSON
    // destination is, so no line is lost when the process exits.
    // Colours only on a terminal, and not when NO_COLOR asks for none: in a file or a pipe they are escape codes (--pretty > file).
    return pino({ level: options.level, redact }, pretty({ destination: 2, sync: true, colorize: process.stderr.isTTY === true && !process.env.NO_COLOR, translateTime: 'SYS:HH:MM:ss.l' }));
  }
  return pino({ level: options.level, redact }, pino.destination(2));
}

/** A logger that writes nothing (tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
