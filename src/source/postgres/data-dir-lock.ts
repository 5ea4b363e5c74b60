import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { SsdDeltaError } from '../../core/errors.js';

/** What the lock file beside an embedded database says of its holder. */
interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

/** True while process `pid` runs on this machine (EPERM: it runs, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): Holder | null {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    return typeof holder.pid === 'number' && typeof holder.host === 'string' ? { pid: holder.pid, host: holder.host, since: String(holder.since ?? '') } : null;
  } catch {
    return null; // gone, or not ssd-delta's: not a live holder
  }
}

/**
 * Takes the embedded database in `dataDir` for this process: PGlite serves one process, and two
 * opening one folder (a `run` during `serve`) would each write their own copy over the other's.
 * The lock is a file beside the folder (`<dataDir>.lock`; PGlite wants its folder to itself)
 * naming the process; one left by a process that no longer runs (killed) is taken over. Throws
 * EMBEDDED_IN_USE, naming the holder, when a live process holds it. Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = `${dataDir.replace(/[\\/]+$/, '')}.lock`;
  const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; ; attempt += 1) {
    // Written whole under another name, then linked in: the lock file never exists half written.
    const draft = `${file}.${process.pid}.${Date.now()}`;
    writeFileSync(draft, JSON.stringify(me));
    try {
      linkSync(draft, file);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
    const holder = readHolder(file);
    const mine = holder !== null && holder.host === me.host && holder.pid === process.pid;
    // A holder on another machine (a shared folder, another container) cannot be checked: it is taken as alive.
    if (holder && !mine && (holder.host !== me.host || alive(holder.pid))) {
      throw new SsdDeltaError(
        'EMBEDDED_IN_USE',
        `the embedded database at ${dataDir} is open in another ssd-delta process (pid ${holder.pid} on ${holder.host}, since ${holder.since}); it serves one process at a time: stop that one first (a running serve already runs every cycle), or use a Postgres server (database.url). If that process is gone (a machine or container that no longer exists), delete ${file}`,
        { retryable: true, exitCode: 1 },
      );
    }
    if (attempt > 0) throw new Error(`${file} could not be taken over`);
    rmSync(file, { force: true }); // left by a process that no longer runs
  }
  return () => {
    if (readHolder(file)?.pid === me.pid) rmSync(file, { force: true });
  };
}
