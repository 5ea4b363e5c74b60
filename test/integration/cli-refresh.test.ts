import { expect } from 'chai';
import { runCli } from '../helpers/run-cli.js';
import { tempDataDirs } from '../helpers/temp-data-dirs.js';

describe('ssd-delta refresh (capture.mode=fingerprint)', function () {
  this.timeout(300_000);
  const dirs = tempDataDirs('ssd-delta-refresh-');
  after(() => dirs.cleanup());
  const fingerprints = { SSD_DELTA_CAPTURE_MODE: 'fingerprint' };

  it('fingerprints every SSD table after a load, then finds nothing changed; names a table it does not know (exit 2)', async () => {
    const dir = dirs.next();
    expect((await runCli(['seed', '--data-dir', dir, '--children', '40'], fingerprints)).code).to.equal(0);
    const init = await runCli(['init', '--data-dir', dir], fingerprints);
    expect(init.code, init.stderr).to.equal(0);
    expect(init.stdout).to.match(/capture: fingerprints of 19 SSD tables/);
    const first = await runCli(['refresh', '--data-dir', dir], fingerprints);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.match(/^ssd_person: 40 new, 0 changed, 0 gone$/m);
    expect(first.stdout).to.match(/^refreshed 19 SSD tables: [1-9]\d* rows changed; the next run sends what they change$/m);
    const again = await runCli(['refresh', '--data-dir', dir, '--stream', 'ssd_person', 'ssd_address'], fingerprints);
    expect(again.stdout.trim()).to.equal('refreshed 2 SSD tables: 0 rows changed; the next run sends what they change');
    const bogus = await runCli(['refresh', '--data-dir', dir, '--stream', 'ssd_bogus'], fingerprints);
    expect(bogus.code).to.equal(2);
    expect(bogus.stderr).to.match(/--stream ssd_bogus: not an SSD table ssd-delta reads; known: ssd_address, /);
    const direct = await runCli(['refresh', '--data-dir', dir]);
    expect(direct.code).to.equal(0);
    expect(direct.stdout).to.match(/capture\.mode is direct: changes are tracked as they are written, there is nothing to refresh/);
  });
});
