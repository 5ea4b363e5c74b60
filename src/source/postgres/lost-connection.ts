import { DatabaseUnavailableError } from '../../core/errors.js';

/** SQLSTATEs and driver codes that mean the session is gone, not that the statement was wrong. */
const LOST_CODES = new Set([
  '57P01', // admin_shutdown: the server is stopping or restarting, or the session was terminated
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '08000', '08003', '08006', // connection_exception, connection_does_not_exist, connection_failure
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT',
]);

/** What pg says when the socket went away under a query (these errors carry no code). */
const LOST_MESSAGES = /Connection terminated|connection error and is not queryable|terminating connection/i;

/**
 * Turns an error that means the database went away mid-work (a restart, a terminated session,
 * a dropped network) into one line an operator can act on, with its code kept; any other error
 * is returned as it is. Nothing is lost when this happens: marking writes with the watermark in
 * one transaction, and sending records each answer in one, so the next cycle takes up the rest.
 */
export function lostConnection(error: unknown, description: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (!(typeof code === 'string' && LOST_CODES.has(code)) && !LOST_MESSAGES.test(message)) return error;
  return new DatabaseUnavailableError(
    `lost the connection to ${description} (${typeof code === 'string' ? code : message.replace(/\s+/g, ' ').slice(0, 80)}): the server restarted, stopped or ended the session; nothing is lost (what was written is whole), run again once the database is back`,
    error,
  );
}
