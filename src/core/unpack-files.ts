import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { getAsset } from 'node:sea';

/** What the executable carries besides its code: written by `npm run package` as the asset `manifest.json`. */
export interface ExecutableManifest {
  /** The version and a digest of every file: a new build unpacks into a new folder. */
  readonly id: string;
  /** The files' paths below the package root, each carried as the asset `files/<path>`. */
  readonly files: readonly string[];
}

/** The asset that lists the others. */
export const MANIFEST_ASSET = 'manifest.json';

/** The asset key of a packaged file. */
export function fileAsset(path: string): string {
  return `files/${path}`;
}

/**
 * Where executables unpack: the user's own cache folder (%LOCALAPPDATA% on Windows,
 * $XDG_CACHE_HOME or ~/.cache elsewhere), never a shared temporary folder, where another user
 * could put SQL there first. SSD_DELTA_UNPACK_DIR chooses another (a service account without a
 * profile, say).
 */
function unpackBase(env: NodeJS.ProcessEnv): string {
  if (env.SSD_DELTA_UNPACK_DIR) return env.SSD_DELTA_UNPACK_DIR;
  return join(env.LOCALAPPDATA ?? env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ssd-delta');
}

/**
 * Writes the single-file executable's files (SQL, stream definitions, configuration defaults,
 * schemas) into a folder named for this build, once, and returns it. Two processes starting at
 * once each write a folder of their own and rename it into place: the first rename wins and the
 * other's copy is removed, so no process ever reads a half-written folder. Only Node's own
 * modules are imported here: nothing of ssd-delta's may load before the folder is known.
 */
export function unpackFiles(env: NodeJS.ProcessEnv = process.env): string {
  const manifest = JSON.parse(getAsset(MANIFEST_ASSET, 'utf8')) as ExecutableManifest;
  const base = unpackBase(env);
  const root = join(base, manifest.id);
  const done = join(root, '.unpacked');
  if (existsSync(done)) return root;
  try {
    mkdirSync(base, { recursive: true });
    const temp = mkdtempSync(join(base, `.${manifest.id}-`));
    for (const file of manifest.files) {
      const target = join(temp, file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, new Uint8Array(getAsset(fileAsset(file))));
    }
    writeFileSync(join(temp, '.unpacked'), `${manifest.files.length} files\n`);
    try {
      renameSync(temp, root);
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      if (!existsSync(done)) throw error;
    }
  } catch (error) {
    throw new Error(`ssd-delta could not unpack its files into ${root}: ${(error as Error).message}. Set SSD_DELTA_UNPACK_DIR to a folder this account may write`);
  }
  return root;
}
