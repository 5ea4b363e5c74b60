import { maskUrlCredentials } from '../config/shown-value.js';
import { describeError } from '../core/errors.js';
import type { OpenWrite, OpenWrites } from '../source/source.js';
import type { AppContext } from './app-context.js';

/** Whole minutes, as operators read an age. */
export const minutes = (seconds: number): number => Math.floor(seconds / 60);

/** A transaction's application, in words: its name quoted, or that it has none. */
export function applicationOf(t: OpenWrite): string {
  return t.application === '' ? 'no application name' : `application ${JSON.stringify(t.application)}`;
}

/** Which transaction it is, in words a DBA can act on: the session (or prepared gid) and the application. */
function which(t: OpenWrite): string {
  if (t.prepared) return `a prepared transaction in database ${t.database}, prepared ${minutes(t.seconds)} min ago (id ${JSON.stringify(String(t.pid))}); no session holds it: its transaction manager, or a DBA, must commit or roll it back`;
  return `a transaction in database ${t.database} open ${minutes(t.seconds)} min (pid ${t.pid}, ${applicationOf(t)})`;
}

/**
 * One line per transaction `report` lists, or the one line saying the login cannot see other
 * sessions' transactions and which GRANT would let it. Only database, pid (session id),
 * application name and age: never query text, user or value.
 */
export function openWritesLines(report: OpenWrites): string[] {
  const lines = report.transactions.map((t) => `capture cannot see writes not yet committed: ${which(t)}; its changes are read once it commits`);
  if (!report.visible) {
    const grant = `to see them: ${report.grant ?? "a grant to read the server's session views"}`;
    lines.push(
      report.unseen > 0
        ? `${report.unseen === 1 ? 'a transaction of another login has' : `${report.unseen} transactions of other logins have`} written in this database and not committed (capture reads those writes once committed); this login cannot see for how long: ${grant}`
        : `this login cannot see other logins' transactions, so it cannot tell whether a load left open holds back changes capture has not read yet: ${grant}`,
    );
  }
  return lines;
}

/**
 * The writing transactions open longer than `alerts.maxOpenTransactionMinutes`, or null when the
 * report is off (0).
 */
export async function readOpenWrites(app: Pick<AppContext, 'config' | 'source'>): Promise<OpenWrites | null> {
  const limit = app.config.alerts.maxOpenTransactionMinutes;
  return limit === 0 ? null : app.source.capture.openWrites(limit * 60);
}

/**
 * What `ssd-delta status` says of them: the report for `--json` (null: off, or not readable) and
 * its lines (a report that could not be read is one line, not a failed status).
 */
export async function openWritesStatus(app: Pick<AppContext, 'config' | 'source'>): Promise<{ readonly openWrites: OpenWrites | null; readonly lines: string[] }> {
  try {
    const openWrites = await readOpenWrites(app);
    return { openWrites, lines: openWrites ? openWritesLines(openWrites) : [] };
  } catch (error) {
    // Its query binds no value and reads no row: the message cannot quote one.
    return { openWrites: null, lines: [`open transactions could not be read: ${maskUrlCredentials(describeError(error))}`] };
  }
}
