import { expect } from 'chai';
import { textAnswer } from '../../src/simulate/simulated-api-types.js';
import { openHarness, type CycleHarness } from '../helpers/cycle-harness.js';
import { dialectTargets } from '../helpers/test-sources.js';

interface AttemptRow {
  batch_id: string;
  http_status: number | null;
  outcome: string;
  child_count: number;
  person_ids: string[];
  receipts: Record<string, string> | null;
  response_excerpt: string;
}

for (const target of dialectTargets()) {
  describe(`submission and its audit trail (${target.name})`, function () {
    this.timeout(300_000);
    let h: CycleHarness;
    before(async () => {
      h = await openHarness(await target.open(), 150);
    });
    after(async () => h?.close());

    it('a failed POST marks only its batch error, with status and reason; the other batches are sent', async () => {
      let children = 0;
      h.sim.api.setFaultPolicy((request) => (request.route === 'children' && (children += 1) === 1 ? textAnswer(500, 'gateway exploded') : undefined));
      const stats = await h.cycle();
      h.sim.api.setFaultPolicy(undefined);
      // One batch (up to 50 children; which one reaches the API first depends on timing) failed.
      const failed = await h.db.connection.query<{ child_count: number }>("SELECT child_count FROM ssd_delta_api_attempt WHERE outcome = 'error'");
      expect(failed).to.have.length(1);
      const size = failed[0]!.child_count;
      expect(size).to.be.within(1, 50);
      expect(stats.errors).to.equal(size);
      expect(stats.sent).to.equal(stats.new - size);
      const errors = await h.db.connection.query<{ api_response: string; attempt_count: number }>(
        "SELECT api_response, attempt_count FROM ssd_api_data_staging WHERE submission_status = 'error'",
      );
      expect(errors).to.have.length(size);
      expect(errors[0]?.api_response).to.match(/^HTTP 500 .*gateway exploded/);
      expect(errors[0]?.attempt_count).to.equal(1);
    });

    it('writes one attempt-log row per POST, with the children and, on success, their receipts', async () => {
      const attempts = await h.db.connection.query<AttemptRow>('SELECT * FROM ssd_delta_api_attempt ORDER BY id');
      expect(attempts).to.have.length(h.sim.api.requestCount);
      const failed = attempts.filter((a) => a.outcome === 'error');
      expect(failed.map((a) => [a.http_status, a.receipts])).to.deep.equal([[500, null]]);
      const inError = await h.db.connection.query<{ person_id: string }>("SELECT person_id FROM ssd_api_data_staging WHERE submission_status = 'error'");
      expect([...(failed[0]?.person_ids ?? [])].sort()).to.deep.equal(inError.map((r) => r.person_id).sort());
      for (const attempt of attempts.filter((a) => a.outcome === 'sent')) {
        expect(attempt.http_status).to.equal(200);
        expect(Object.keys(attempt.receipts ?? {}).sort()).to.deep.equal([...attempt.person_ids].sort());
      }
      const received = h.sim.api.received();
      const [row] = await h.db.connection.query<{ api_response: string; previous_hash: string; current_hash: string }>(
        'SELECT api_response, previous_hash, current_hash FROM ssd_api_data_staging WHERE person_id = $1',
        [received[0]?.laChildId],
      );
      expect(row?.api_response).to.equal(received[0]?.receipt);
      expect(row?.previous_hash).to.equal(row?.current_hash);
    });

    it('a child in error is not resent automatically while its document is unchanged', async () => {
      const before = h.sim.api.requestCount;
      const stats = await h.cycle();
      expect([stats.sent, stats.errors, h.sim.api.requestCount - before]).to.deep.equal([0, 0, 0]);
    });
  });
}
