import { expect } from 'chai';
import { formatUsageError } from '../../src/cli/usage-errors.js';
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
});
