import { expect } from 'chai';
import { openPglite } from '../../src/source/postgres/pglite-connection.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDataDirs } from '../helpers/temp-data-dirs.js';

describe('ssd-delta resend, history and status after sending', function () {
  this.timeout(180_000);
  const dirs = tempDataDirs('ssd-delta-send-');
  after(() => dirs.cleanup());

  it('resend puts children in error back; history lists their POSTs; status tells how the last send went', async () => {
    const db = dirs.next();
    expect((await runCli(['seed', '--children', '40', '--data-dir', db])).code).to.equal(0);
    expect((await runCli(['init', '--data-dir', db])).code).to.equal(0);
    expect((await runCli(['run', '--simulated-api', '--data-dir', db])).code).to.equal(0);

    // Two children refused as often as submit.maxAttempts allows (written here: the built-in
    // simulator of `run --simulated-api` cannot be told to refuse).
    const pg = await openPglite(db);
    const sent = (await pg.query<{ person_id: string }>("SELECT person_id FROM ssd_api_data_staging WHERE submission_status = 'sent' ORDER BY person_id LIMIT 3")).map((r) => r.person_id);
    const [a, b, c] = sent as [string, string, string];
    await pg.query("UPDATE ssd_api_data_staging SET submission_status = 'error', attempt_count = 3, api_response = 'HTTP 400 payload malformed - [0] bad' WHERE person_id = ANY ($1::text[])", [[a, b]]);
    await pg.close();

    const history = await runCli(['history', '--person', a, '--json', '--data-dir', db]);
    expect(history.code, history.stderr).to.equal(0);
    const attempts = (JSON.parse(history.stdout) as { attempts: Array<{ outcome: string; httpStatus: number; receipt: string | null }> }).attempts;
    expect(attempts.map((x) => [x.outcome, x.httpStatus])).to.deep.equal([['sent', 200]]);
    expect(attempts[0]?.receipt).to.match(/_[0-9a-f-]{36}\.json$/);
    expect((await runCli(['history', '--person', a, '--data-dir', db])).stdout).to.match(/^\S+Z {2}sent {5}HTTP 200 +batch [0-9a-f-]{36} of \d+, \d+ ms receipt /);

    // Refused maxAttempts times: a run leaves them alone.
    const idle = await runCli(['run', '--simulated-api', '--data-dir', db]);
    expect(/^run\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+(\d+)/m.exec(idle.stdout)?.[1]).to.equal('0');

    const resend = await runCli(['resend', '--person', a, b, c, '--data-dir', db]);
    expect(resend.code, resend.stderr).to.equal(0);
    expect(resend.stdout).to.equal(`2 children put back to pending; the next run sends them\nnot in error (left as they are): ${c}\n`);
    expect((await runCli(['resend', '--data-dir', db])).code).to.equal(2);
    expect((await runCli(['resend', '--status', 'sent', '--data-dir', db])).stderr).to.match(/only --status error can be resent/);

    const again = await runCli(['run', '--simulated-api', '--data-dir', db]);
    expect(again.code, again.stderr).to.equal(0);
    const status = await runCli(['status', '--data-dir', db]);
    expect(status.stdout).to.match(/^last send \S+Z: 2 sent, 0 refused, 0 not taken \(pending again\)$/m);
    const json = JSON.parse((await runCli(['status', '--json', '--data-dir', db])).stdout) as { lastSend: { sent: number; stopped: string | null } };
    expect(json.lastSend).to.include({ sent: 2, stopped: null });
  });
});
