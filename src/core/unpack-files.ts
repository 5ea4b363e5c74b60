import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { getAsset } from 'node:sea';

/** What the executable carries besides its code: written by `npm run package` as the asset `manifest.json`. */
export interface ExecutableManifest {
  /** The version and a digest of every file: a new build unpacks into a new folder. */
  readonly id: string;
  /** The files' paths below the package root (each carried as the asset `files/<path>`), with the SHA-256 of each. */
  readonly files: Readonly<Record<string, string>>;
}

/** The asset that lists the others. */
export const MANIFEST_ASSET = 'manifest.json';

/** The asset key of a packaged file. */
export function fileAsset(path: string): string {
  return `files/${path}`;
}

/** The SHA-256 of a file's bytes, as the manifest holds it. */
export function fileDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** An environment variable naming a folder: set, not empty, and absolute (a relative one would unpack into whatever folder the process starts in). */
function folderVariable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value && isAbsolute(value) ? value : undefined;
}

/**
 * Where executables unpack: the user's own cache folder (%LOCALAPPDATA% on Windows,
 * $XDG_CACHE_HOME or ~/.cache elsewhere), never a shared temporary folder. SSD_DELTA_UNPACK_DIR
 * chooses another (a service account without a profile, say).
 */
function unpackBase(env: NodeJS.ProcessEnv): string {
  const chosen = folderVariable(env, 'SSD_DELTA_UNPACK_DIR');
  if (chosen) return chosen;
  return join(folderVariable(env, 'LOCALAPPDATA') ?? folderVariable(env, 'XDG_CACHE_HOME') ?? join(homedir(), '.cache'), 'ssd-delta');
}

/**
 * On Linux, a folder another account owns or may write could hand ssd-delta SQL of its choosing
 * between the check of a file and its read: refuse it. (Windows keeps this in ACLs, which Node
 * cannot read: there the folder must be one only this account may write, as the README says.)
 */
function refuseShared(folder: string): void {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return;
  const stat = statSync(folder);
  if (stat.uid !== process.getuid() || (stat.mode & 0o022) !== 0) {
    throw new Error(`${folder} is owned by another account or writable by others (mode ${(stat.mode & 0o777).toString(8)}), and ssd-delta runs the SQL it unpacks there`);
  }
}

/** The files of `manifest` in `root` that are missing or differ from what the executable carries. */
function damaged(root: string, manifest: ExecutableManifest): string[] {
  return Object.entries(manifest.files).filter(([file, digest]) => {
    try {
      return fileDigest(readFileSync(join(root, file))) !== digest;
    } catch {
      return true;
    }
  }).map(([file]) => file);
}

/** Sleeps `ms` without an event loop (nothing else has started yet). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Renames, trying again for a few seconds where Windows refuses because another program (a
 * virus scanner, typically) has just opened one of the new files; not when `taken` says the
 * target is there already (Windows refuses that with EPERM too).
 */
function renameRetrying(from: string, to: string, taken: () => boolean = () => false): void {
  for (let attempt = 0; ; attempt += 1) {
    try {
      renameSync(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 20 || !['EPERM', 'EACCES', 'EBUSY'].includes(code ?? '') || taken()) throw error;
      pause(250);
    }
  }
}

/** Removes a folder as far as it can (another process or a scanner may still hold a file in it). */
function removeQuietly(folder: string): void {
  try {
    rmSync(folder, { recursive: true, force: true, maxRetries: 5 });
  } catch {
    // Left for the next sweep.
  }
}

/** How old another process's unfinished copy must be before it is taken for one that died part-way. */
const ABANDONED_MS = 10 * 60_000;

/** Removes copies left by processes that died part-way (never one another process is writing now). */
function sweep(base: string, id: string): void {
  for (const entry of readdirSync(base)) {
    if (!entry.startsWith(`.${id}-`)) continue;
    const folder = join(base, entry);
    try {
      if (Date.now() - statSync(folder).mtimeMs > ABANDONED_MS) removeQuietly(folder);
    } catch {
      // Gone already.
    }
  }
}

/** Writes every file of `manifest` into a new folder beside `root` and returns it. */
function writeCopy(base: string, manifest: ExecutableManifest): string {
  const temp = mkdtempSync(join(base, `.${manifest.id}-`));
  for (const file of Object.keys(manifest.files)) {
    const target = join(temp, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, new Uint8Array(getAsset(fileAsset(file))));
  }
  return temp;
}

/**
 * Writes the single-file executable's files (SQL, stream definitions, configuration defaults,
 * schemas) into a folder named for this build, and returns it. Every start checks each file
 * against the digest the executable carries (1 MB, a few milliseconds): a folder damaged, left
 * half-written or changed by anyone is replaced, never used. Two processes starting at once each
 * write a copy of their own and rename it into place: one rename wins and the other copy is
 * removed, so no process reads a half-written folder. Only Node's own modules are imported here:
 * nothing of ssd-delta's may load before the folder is known.
 */
export function unpackFiles(env: NodeJS.ProcessEnv = process.env): string {
  const manifest = JSON.parse(getAsset(MANIFEST_ASSET, 'utf8')) as ExecutableManifest;
  const base = unpackBase(env);
  const root = join(base, manifest.id);
  try {
    mkdirSync(base, { recursive: true, mode: 0o700 });
    refuseShared(base);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (damaged(root, manifest).length === 0) {
        refuseShared(root);
        return root;
      }
      // A copy someone changed or damaged is moved aside, never used or mended in place. A folder
      // only ever appears whole (renamed into place), so one that appeared since the first look
      // is another process's new copy, checked again before anything is moved: never pulled
      // from under a process already reading it.
      if (existsSync(root) && damaged(root, manifest).length > 0) {
        const aside = join(base, `.${manifest.id}-damaged-${process.pid}-${Date.now()}`);
        try {
          renameRetrying(root, aside);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // another process moved it first
        }
        removeQuietly(aside);
      }
      sweep(base, manifest.id);
      const copy = writeCopy(base, manifest);
      try {
        renameRetrying(copy, root, () => existsSync(root));
      } catch (error) {
        // Another process put its copy in place first: it is checked on the next turn.
        removeQuietly(copy);
        if (!existsSync(root)) throw error;
      }
    }
    throw new Error('its files kept changing while it unpacked them (another process writing there?)');
  } catch (error) {
    throw new Error(`ssd-delta could not unpack its files into ${root}: ${(error as Error).message}. Set SSD_DELTA_UNPACK_DIR to a folder only this account may write`);
  }
}
