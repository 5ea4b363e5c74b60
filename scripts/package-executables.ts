// `npm run package`: single-file executables of ssd-delta for servers where no Node.js may be
// installed. Each is Node's own binary with ssd-delta injected as a single executable
// application (https://nodejs.org/api/single-executable-applications.html): the CLI bundled
// into one CommonJS script, its SQL, stream definitions, configuration defaults and schemas as
// files it unpacks on first run (src/core/unpack-files.ts), and PGlite's WebAssembly as assets
// it compiles from memory (src/source/postgres/pglite-connection.ts).
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { benchArgs } from '../benchmarks/bench-args.js';
import { fileAsset, fileDigest, MANIFEST_ASSET, type ExecutableManifest } from '../src/core/unpack-files.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The platforms an executable is built for, as Node's npm binary packages name them (node-<target>). */
const TARGETS = ['linux-x64', 'win-x64'] as const;

/** What the CLI reads below its package root at run time, unpacked on first run. */
const UNPACKED = ['package.json', 'config', 'sql', 'streams', 'schema', 'src/payload'];

/** The sentinel Node looks for to know it carries an application (Node's documentation, postject's --sentinel-fuse). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const USAGE = `Usage: npm run package -- [--node <version>] [--target linux-x64,win-x64] [--out build]

Builds ssd-delta as single-file executables (Node's single executable applications): one file
per target that needs no Node.js, npm or package folder on the server. Each holds a Node binary
(from the npm registry's node-<target> package of that version, or this Node when it is the
same), the bundled CLI, and the files it unpacks on first run into %LOCALAPPDATA%\\ssd-delta
(Windows) or ~/.cache/ssd-delta (elsewhere), or into SSD_DELTA_UNPACK_DIR when set. Build with
a Node release line still in support, and again after each of its security releases.

Options:
  --node <version>  the Node version inside (default: this one, ${process.versions.node})
  --target <list>   comma-separated targets: ${TARGETS.join(', ')} (default: both)
  --out <folder>    where the executables go (default: build)
  -h, --help        this text`;

/** Every file below `path` (or `path` itself), relative to the package root, sorted. */
function filesOf(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return [path];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/**
 * Every package's CommonJS build where it has one, as Node's require() would load it, not its ES
 * module: the bundle is CommonJS, where `import.meta.url` is empty, and ES module builds locate
 * their own files by it (PGlite's WebAssembly, node-cron's daemon), while CommonJS builds use
 * __filename. Packages that are ES modules only (p-limit) are bundled as they are.
 */
const commonJsBuilds: Plugin = {
  name: 'commonjs-builds',
  setup(plugin) {
    plugin.onResolve({ filter: /^[^./]/ }, (args) => {
      if (isBuiltin(args.path) || args.kind !== 'import-statement' && args.kind !== 'dynamic-import') return undefined;
      try {
        return { path: createRequire(join(args.resolveDir, 'x.js')).resolve(args.path) };
      } catch {
        return undefined;
      }
    });
  },
};

/** Bundles the CLI into one CommonJS script (Node 20's single executables run CommonJS only). */
async function bundle(outfile: string): Promise<void> {
  const result = await build({
    entryPoints: [join(ROOT, 'src', 'cli', 'executable-main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    plugins: [commonJsBuilds],
    // pg's optional native binding, which ssd-delta never asks for.
    external: ['pg-native'],
    logLevel: 'silent',
  });
  // The two import.meta.url uses of ssd-delta's own are only read outside an executable
  // (src/core/executable.ts); any other would be a file the executable cannot find.
  const unexpected = result.warnings.filter((w) => !(w.id === 'empty-import-meta' && /^src\/(config\/load-config|payload\/build-settings)\.ts$/.test(w.location?.file ?? '')));
  if (unexpected.length) throw new Error(`bundling warned:\n${unexpected.map((w) => `${w.location?.file}:${w.location?.line}: ${w.text}`).join('\n')}`);
}

/** PGlite's files, carried as assets (its CommonJS build's folder). */
function pgliteAssets(): Record<string, string> {
  const folder = dirname(require.resolve('@electric-sql/pglite'));
  return Object.fromEntries(['pglite.wasm', 'initdb.wasm', 'pglite.data'].map((f) => [f, join(folder, f)]));
}

/** This machine as node-<target> packages name platforms. */
const HERE = `${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;

/** Node's binary of `version` for a target: this one when it is the same, else the node-<target> package of that version. */
function nodeBinary(target: string, version: string, cache: string): string {
  if (target === HERE && version === process.versions.node) return process.execPath;
  const folder = join(cache, `node-${target}-${version}`);
  const binary = join(folder, 'package', 'bin', target.startsWith('win') ? 'node.exe' : 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(folder, { recursive: true });
  process.stdout.write(`downloading node-${target}@${version} from the npm registry\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = spawnSync(npm, ['pack', `node-${target}@${version}`, '--pack-destination', folder, '--silent'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (packed.status !== 0) throw new Error(`npm pack node-${target}@${version} failed: ${packed.stderr}`);
  const tarball = join(folder, packed.stdout.trim().split('\n').pop() ?? '');
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', folder], { encoding: 'utf8' });
  if (untar.status !== 0 || !existsSync(binary)) throw new Error(`could not unpack ${tarball}: ${untar.stderr}`);
  rmSync(tarball);
  return binary;
}

/**
 * Removes Node's Authenticode signature from a copy of node.exe, as `signtool remove /s` does
 * (Node's documentation does so before injecting): the injected part would leave it invalid, and
 * a file with a broken signature is worse than an unsigned one, which the LA may sign itself.
 * The certificate table is the last thing in the file and the PE header's security directory
 * points at it: the file is cut there and the directory cleared.
 */
function stripSignature(file: string): void {
  const bytes = readFileSync(file);
  const pe = bytes.readUInt32LE(0x3c);
  if (bytes.toString('latin1', pe, pe + 4) !== 'PE\0\0') throw new Error(`${file} is not a Windows executable`);
  const optional = pe + 24;
  const directories = optional + (bytes.readUInt16LE(optional) === 0x20b ? 112 : 96);
  const security = directories + 4 * 8;
  const [offset, size] = [bytes.readUInt32LE(security), bytes.readUInt32LE(security + 4)];
  if (size === 0) return;
  if (offset + size < bytes.length - 8) throw new Error(`${file}: its signature is not at its end; remove it with signtool remove /s first`);
  bytes.writeUInt32LE(0, security);
  bytes.writeUInt32LE(0, security + 4);
  bytes.writeUInt32LE(0, checksumOffset(bytes));
  writeFileSync(file, bytes.subarray(0, offset));
}

/** Where a Windows executable's PE header keeps its checksum. */
function checksumOffset(bytes: Buffer): number {
  return bytes.readUInt32LE(0x3c) + 24 + 64;
}

/**
 * Writes a Windows executable's PE checksum (the sum of its 16-bit words with carries folded,
 * the checksum itself counted as zero, plus the file's length), as linkers and signtool do:
 * the injected part changed the file, and tools that check it would call it damaged.
 */
function writePeChecksum(file: string): void {
  const bytes = readFileSync(file);
  const at = checksumOffset(bytes);
  bytes.writeUInt32LE(0, at);
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) {
    sum += i + 1 < bytes.length ? bytes.readUInt16LE(i) : (bytes[i] ?? 0);
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  sum = (sum & 0xffff) + (sum >>> 16);
  bytes.writeUInt32LE((sum + bytes.length) >>> 0, at);
  writeFileSync(file, bytes);
}

async function main(): Promise<void> {
  const { values } = benchArgs(USAGE, { target: { type: 'string' }, out: { type: 'string' }, node: { type: 'string' } });
  const node = values.node ?? process.versions.node;
  if (!/^\d+\.\d+\.\d+$/.test(node)) {
    process.stderr.write(`--node ${node}: give a whole version, such as 24.11.1\n\n${USAGE}\n`);
    process.exit(2);
  }
  const cache = join(ROOT, 'node_modules', '.cache', 'ssd-delta-package');
  const targets = (values.target ?? TARGETS.join(',')).split(',').map((t) => t.trim());
  const unknown = targets.filter((t) => !(TARGETS as readonly string[]).includes(t));
  if (unknown.length) {
    process.stderr.write(`unknown target ${unknown.join(', ')}: choose from ${TARGETS.join(', ')}\n\n${USAGE}\n`);
    process.exit(2);
  }
  const out = resolve(values.out ?? join(ROOT, 'build'));
  const work = mkdtempSync(join(tmpdir(), 'ssd-delta-package-'));
  try {
    const script = join(work, 'ssd-delta.cjs');
    await bundle(script);
    const files = UNPACKED.flatMap(filesOf);
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const digests = Object.fromEntries(files.map((file) => [file, fileDigest(readFileSync(join(ROOT, file)))]));
    const manifest: ExecutableManifest = { id: `${version}-${fileDigest(Buffer.from(JSON.stringify(digests))).slice(0, 12)}`, files: digests };
    writeFileSync(join(work, MANIFEST_ASSET), JSON.stringify(manifest));
    const assets = { [MANIFEST_ASSET]: join(work, MANIFEST_ASSET), ...Object.fromEntries(files.map((f) => [fileAsset(f), join(ROOT, f)])), ...pgliteAssets() };
    // No code cache or snapshot: those are for one platform, and one blob serves every target.
    const blob = join(work, 'ssd-delta.blob');
    writeFileSync(join(work, 'sea-config.json'), JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false, assets }));
    // The blob is made by the very Node version it is injected into.
    const made = spawnSync(nodeBinary(HERE, node, cache), ['--experimental-sea-config', join(work, 'sea-config.json')], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`node --experimental-sea-config failed: ${made.stderr}`);
    const { inject } = require('postject') as { inject(file: string, name: string, data: Buffer, options: { sentinelFuse: string }): Promise<void> };
    mkdirSync(out, { recursive: true });
    for (const target of targets) {
      const executable = join(out, `ssd-delta-${version}-${target}${target.startsWith('win') ? '.exe' : ''}`);
      rmSync(executable, { force: true });
      copyFileSync(nodeBinary(target, node, cache), executable);
      chmodSync(executable, 0o755);
      if (target.startsWith('win')) stripSignature(executable);
      await inject(executable, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE });
      if (target.startsWith('win')) writePeChecksum(executable);
      process.stdout.write(`${relative(process.cwd(), executable)}: ${(statSync(executable).size / 1024 / 1024).toFixed(0)} MB (Node ${node}, ssd-delta ${manifest.id})\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`npm run package: ${(error as Error).message}\n`);
  process.exit(1);
});
