import { getAsset, isSea } from 'node:sea';

/**
 * The folder the single-file executable unpacked its files into (package.json, config/, sql/,
 * streams/, schema/ and the document builder's sources), or undefined when ssd-delta runs from
 * its package. The executable's entry point (src/cli/executable-main.ts) sets it before any
 * other module loads: PACKAGE_ROOT is read once, when load-config.ts loads.
 */
export function unpackedRoot(): string | undefined {
  return (globalThis as { ssdDeltaUnpackedRoot?: string }).ssdDeltaUnpackedRoot;
}

/** Says where the executable unpacked its files (its entry point, before the CLI loads). */
export function setUnpackedRoot(root: string): void {
  (globalThis as { ssdDeltaUnpackedRoot?: string }).ssdDeltaUnpackedRoot = root;
}

/**
 * A file the single-file executable carries in itself (PGlite's WebAssembly and its file system
 * image: `npm run package` names them), or undefined when ssd-delta runs from its package, where
 * PGlite finds them beside its own code.
 */
export function embeddedAsset(key: string): ArrayBuffer | undefined {
  return isSea() ? getAsset(key) : undefined;
}
