import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { formatUsageError } from '../../src/cli/usage-errors.js';
import { compiledCli } from '../helpers/compiled-cli.js';
import { runCli } from '../helpers/run-cli.js';

describe('ssd-delta CLI usage errors', function () {
  this.timeout(60_000);

  it('prints help and exits 2 (usage error) when no command is given', async () => {
    const result = await runCli([]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/^Usage: ssd-delta \[options\] \[command\]/).and.match(/\n {2}status \[options\]/);
    expect(result.stdout).to.equal('');
  });

  it('names an unknown command in exactly one line and exits 2', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal("ssd-delta: unknown command 'frobnicate' (see ssd-delta --help)\n");
    const typo = await runCli(['staus']);
    expect(typo.stderr).to.equal("ssd-delta: unknown command 'staus'; did you mean status? (see ssd-delta --help)\n");
  });

  it('names an unknown option or a bad argument in one line pointing at the command help', async () => {
    const option = await runCli(['run', '--bogus']);
    expect(option.code).to.equal(2);
    expect(option.stderr).to.equal("ssd-delta: unknown option '--bogus' (see ssd-delta run --help)\n");
    const argument = await runCli(['simulate', '--rounds', 'many']);
    expect(argument.code).to.equal(2);
    expect(argument.stderr.trim().split('\n')).to.deep.equal([
      "ssd-delta: option '--rounds <n>' argument 'many' is invalid. must be a whole number from 1 to 10000 (see ssd-delta simulate --help)",
    ]);
  });

  it('init --check with --print-sql (or --dialect) is a usage error; init --help says what --check does and its exit codes', async () => {
    for (const args of [['init', '--check', '--print-sql'], ['init', '--print-sql', '--dialect', 'mssql', '--check']]) {
      const result = await runCli(args);
      expect([result.code, result.stderr, result.stdout], args.join(' ')).to.deep.equal([2, "ssd-delta: option '--check' cannot be used with option '--print-sql' (see ssd-delta init --help)\n", '']);
    }
    const dialect = await runCli(['init', '--check', '--dialect', 'postgres']);
    expect([dialect.code, dialect.stderr]).to.deep.equal([2, 'ssd-delta: --dialect is only for --print-sql: init --check reads the database that database.url names\n']);
    const help = await runCli(['init', '--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout.replace(/\s+/g, ' ')).to.include('--check change nothing: list, for the configured database and login, everything init would do and every permission it lacks (with the GRANTs), in init\'s order, then whether init would run to the end. Exit 0: it would; 1: it would stop (the last line says where and why)');
  });

  it('exits 0 for asked-for help and the version', async () => {
    for (const args of [['--help'], ['help'], ['status', '--help'], ['--version']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).to.equal(0);
      expect(result.stderr, args.join(' ')).to.equal('');
    }
  });

  it('formats commander text as one line', () => {
    expect(formatUsageError("error: unknown command 'rn'\n(Did you mean run?)\n", 'ssd-delta')).to.equal("ssd-delta: unknown command 'rn'; did you mean run? (see ssd-delta --help)\n");
    expect(formatUsageError("error: missing required argument 'x'\n", 'ssd-delta run')).to.equal("ssd-delta: missing required argument 'x' (see ssd-delta run --help)\n");
  });

  it('--pretty writes readable log lines, without colour codes when stderr is no terminal (a file, a pipe)', async () => {
    const result = await runCli(['demo', '--children', '20', '--rounds', '0', '--pretty'], { SSD_DELTA_LOG_LEVEL: 'info' });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.match(/INFO.*baseline: evaluating every child/);
    expect(result.stderr).to.not.include('\u001b[');
  });

  it('the demo logs only warnings unless log.level is set: no log line lands in its table when stdout and stderr go to one file', () => {
    const env = { ...process.env };
    delete env.SSD_DELTA_LOG_LEVEL;
    const demo = spawnSync(process.execPath, [compiledCli(), 'demo', '--children', '20', '--rounds', '0'], { cwd: PACKAGE_ROOT, encoding: 'utf8', env });
    expect(demo.status, demo.stderr).to.equal(0);
    expect(demo.stdout).to.match(/^first /m);
    expect(demo.stderr).to.equal('');
  });

  it('every benchmark script answers --help with its usage, and a mistyped option with the usage and exit 2', () => {
    // Every script that reads options reads them through bench-args.ts (checked here by reading
    // them), whose --help and mistakes one started script shows.
    const folder = join(PACKAGE_ROOT, 'benchmarks');
    const scripts = readdirSync(folder).filter((f) => f.endsWith('.ts') && f !== 'bench-args.ts');
    const reading = scripts.filter((f) => /process\.argv|parseArgs\(|benchArgs\(/.test(readFileSync(join(folder, f), 'utf8')));
    expect(reading.sort()).to.deep.equal(['capture-modes.ts', 'cycles.ts', 'la-measure.ts', 'la-seed.ts', 'latency.ts', 'run.ts', 'submit.ts']);
    for (const script of reading) expect(readFileSync(join(folder, script), 'utf8'), script).to.match(/const \{ values \} = benchArgs\(USAGE, /).and.not.match(/\bparseArgs\(/);
    const run = (arg: string) => spawnSync(process.execPath, ['--import', 'tsx', 'benchmarks/cycles.ts', arg], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
    const help = run('--help');
    expect([help.status, help.stderr]).to.deep.equal([0, '']);
    expect(help.stdout).to.match(/^npm run bench:cycles -- \[--children N\]/);
    const typo = run('--childern');
    expect(typo.status).to.equal(2);
    expect(typo.stderr).to.match(/Unknown option '--childern'/).and.include('npm run bench:cycles');
  });
});
