import { mkdirSync } from 'node:fs';
import { PGlite, type PGliteOptions, type Transaction } from '@electric-sql/pglite';
import { embeddedAsset } from '../../core/executable.js';
import { lockDataDir } from './data-dir-lock.js';
import type { PgConnection, PgQueryable } from './pg-connection.js';

function wrap(target: PGlite | Transaction): PgQueryable {
  return {
    query: async <R>(sql: string, params?: readonly unknown[]) => (await target.query<R>(sql, params ? [...params] : undefined)).rows,
    exec: async (sql: string) => void (await target.exec(sql)),
  };
}

let embedded: Promise<PGliteOptions> | undefined;

/**
 * PGlite's WebAssembly and file system image when the single-file executable carries them (it
 * has no folder beside PGlite's code to load them from), compiled once per process; nothing
 * when ssd-delta runs from its package.
 */
function embeddedPgliteFiles(): Promise<PGliteOptions> {
  embedded ??= (async () => {
    const [pglite, initdb, data] = ['pglite.wasm', 'initdb.wasm', 'pglite.data'].map(embeddedAsset);
    if (!pglite || !initdb || !data) return {};
    // Node 20's type definitions leave WebAssembly out (it is in every Node's globals).
    const { compile } = (globalThis as unknown as { WebAssembly: { compile(bytes: ArrayBuffer): Promise<NonNullable<PGliteOptions['pgliteWasmModule']>> } }).WebAssembly;
    return { pgliteWasmModule: await compile(pglite), initdbWasmModule: await compile(initdb), fsBundle: new Blob([data]) };
  })();
  return embedded;
}

/**
 * Opens the embedded database (Postgres in WebAssembly) kept in `dataDir`. Creating it costs
 * about 1.6 s and 760 MB, so a process opens one and shares it.
 */
export async function openPglite(dataDir: string): Promise<PgConnection> {
  // `memory://` keeps everything in memory (tests); anything else is a folder on disk, one process's.
  let release = (): void => {};
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
  }
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir, relaxedDurability: false, ...(await embeddedPgliteFiles()) });
  } catch (error) {
    release();
    throw error;
  }
  const base = wrap(db);
  return {
    ...base,
    description: `PGlite at ${dataDir}`,
    embedded: true,
    transaction: <T>(fn: (tx: PgQueryable) => Promise<T>) => db.transaction((tx) => fn(wrap(tx))),
    // One process owns the embedded database and has one connection: nothing else can write
    // between two reads, so every read already sees the snapshot the last write left (and a
    // transaction held open here would block the cycle's own writes on that connection).
    snapshot: <T>(fn: (reads: PgQueryable) => Promise<T>) => fn(base),
    close: async () => {
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}
