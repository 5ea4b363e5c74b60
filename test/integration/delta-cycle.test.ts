import { expect } from 'chai';
import { portTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { openHarness, type CycleHarness } from '../helpers/cycle-harness.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

interface Doc {
  la_child_id: string;
  purge?: boolean;
  child_details?: { postcode?: string };
  social_care_episodes?: Array<{ social_care_episode_id: string }>;
}

for (const target of portTargets()) {
  describe(`delta cycle end to end (${target.name})`, function () {
    this.timeout(300_000);
    let h: CycleHarness<PortDatabase>;
    const sent = (): Map<string, Doc[]> => {
      const out = new Map<string, Doc[]>();
      for (const r of h.sim.api.received()) out.set(r.laChildId, [...(out.get(r.laChildId) ?? []), r.document as Doc]);
      return out;
    };
    const latest = (id: string): Doc | undefined => sent().get(id)?.at(-1);
    /** The document the receiver holds: everything sent for the child, merged. */
    const held = (id: string): Doc | undefined => h.sim.api.current(id) as Doc | undefined;
    const episodeIds = (doc: Doc | undefined): string[] => doc?.social_care_episodes?.map((e) => e.social_care_episode_id) ?? [];
    /** A child the receiver holds whose document has at least `episodes` episodes. */
    const sentChild = (episodes = 1, skip: readonly string[] = []): string => {
      for (const id of h.sim.api.heldIds()) {
        if (!skip.includes(id) && episodeIds(held(id)).length >= episodes) return id;
      }
      throw new Error('no suitable child in the seeded data');
    };

    before(async () => {
      h = await openHarness(await target.open(), 300);
    });
    after(async () => h?.close());

    it('first cycle sends every in-cohort child exactly once', async () => {
      const stats = await h.cycle();
      expect(stats.baseline).to.equal(true);
      expect(stats.new).to.be.greaterThan(200);
      expect(stats.sent).to.equal(stats.new);
      expect(stats.errors).to.equal(0);
      const received = h.sim.api.received();
      expect(received).to.have.length(stats.new);
      expect(new Set(received.map((r) => r.laChildId)).size).to.equal(received.length);
      const counts = await h.db.source.staging.statusCounts();
      expect(counts).to.deep.equal([{ rowState: 'new', submissionStatus: 'sent', count: stats.new }]);
    });

    it('a cycle with no changes touches and sends nothing', async () => {
      const stats = await h.cycle();
      expect([stats.changesRead, stats.touched, stats.sent]).to.deep.equal([0, 0, 0]);
    });

    it('a changed address postcode updates and resends exactly that child', async () => {
      const child = sentChild();
      const addresses = await h.rowsWhere('ssd_address', 'addr_person_id', child);
      const newest = [...addresses].sort((a, b) => String(b.addr_address_start_date).localeCompare(String(a.addr_address_start_date)))[0];
      if (newest) {
        await ssdWriterOf(h.db.source).updateRows('ssd_address', ['addr_table_id'], [{ addr_table_id: newest.addr_table_id ?? null, addr_address_postcode: 'ZZ9 9ZZ', addr_address_start_date: '2026-06-14' }]);
      } else {
        await ssdWriterOf(h.db.source).insertRows('ssd_address', [{ addr_table_id: 'ADDRTEST1', addr_person_id: child, addr_address_start_date: '2026-06-14', addr_address_postcode: 'ZZ9 9ZZ' }]);
      }
      const before = h.sim.api.received().length;
      const stats = await h.cycle();
      expect([stats.touched, stats.updated, stats.sent]).to.deep.equal([1, 1, 1]);
      expect(h.sim.api.received().slice(before).map((r) => r.laChildId)).to.deep.equal([child]);
      expect(latest(child)?.child_details?.postcode).to.equal('ZZ9 9ZZ');
      expect(await h.staging(child)).to.include({ row_state: 'updated', submission_status: 'sent' });
    });

    it('a changed assessment factor touches exactly the child of that assessment (two hops)', async () => {
      const [factor] = await ssdWriterOf(h.db.source).sampleRows('ssd_assessment_factors', 1, 3);
      const [assessment] = await h.rowsWhere('ssd_cin_assessments', 'cina_assessment_id', String(factor?.cinf_assessment_id));
      const [episode] = await h.rowsWhere('ssd_cin_episodes', 'cine_referral_id', String(assessment?.cina_referral_id));
      await ssdWriterOf(h.db.source).updateRows('ssd_assessment_factors', ['cinf_table_id', 'cinf_assessment_id'], [{ ...factor, cinf_assessment_factors_json: '["9Z"]' }]);
      expect(await h.pendingTouches()).to.deep.equal([episode?.cine_person_id]);
      await h.cycle();
    });

    it("a professional's new registration number touches each of their children (fan-out)", async () => {
      const [involvement] = await ssdWriterOf(h.db.source).sampleRows('ssd_involvements', 1, 5);
      const professional = String(involvement?.invo_professional_id);
      const theirs = await h.rowsWhere('ssd_involvements', 'invo_professional_id', professional);
      const expected = new Set(theirs.map((r) => String(r.invo_person_id)));
      expect(expected.size).to.be.greaterThan(1);
      await ssdWriterOf(h.db.source).updateRows('ssd_professionals', ['prof_professional_id'], [{ prof_professional_id: professional, prof_social_worker_registration_no: 'SW999999' }]);
      expect(await h.pendingTouches()).to.deep.equal([...expected].sort());
      const stats = await h.cycle();
      expect(stats.touched).to.equal(expected.size);
    });

    it('a deleted professional and a deleted assessment factor still reach their children through their keys', async () => {
      const [involvement] = await ssdWriterOf(h.db.source).sampleRows('ssd_involvements', 1, 9);
      const professional = String(involvement?.invo_professional_id);
      const expected = new Set((await h.rowsWhere('ssd_involvements', 'invo_professional_id', professional)).map((r) => String(r.invo_person_id)));
      const [factor] = await ssdWriterOf(h.db.source).sampleRows('ssd_assessment_factors', 1, 13);
      const [assessment] = await h.rowsWhere('ssd_cin_assessments', 'cina_assessment_id', String(factor?.cinf_assessment_id));
      const [episode] = await h.rowsWhere('ssd_cin_episodes', 'cine_referral_id', String(assessment?.cina_referral_id));
      expected.add(String(episode?.cine_person_id));
      await ssdWriterOf(h.db.source).deleteRows('ssd_professionals', ['prof_professional_id'], [{ prof_professional_id: professional }]);
      await ssdWriterOf(h.db.source).deleteRows('ssd_assessment_factors', ['cinf_table_id', 'cinf_assessment_id'], [factor!]);
      expect(await h.pendingTouches()).to.deep.equal([...expected].sort());
      await h.cycle();
    });

    it('a deleted CIN episode updates its child: sent whole with a purge for the episode, which the receiver then lacks', async () => {
      const child = sentChild(2);
      const gone = episodeIds(held(child))[0] as string;
      await ssdWriterOf(h.db.source).deleteRows('ssd_cin_episodes', ['cine_referral_id'], [{ cine_referral_id: gone }]);
      const stats = await h.cycle();
      expect([stats.updated, stats.sent]).to.deep.equal([1, 1]);
      expect(latest(child)?.social_care_episodes).to.deep.include({ social_care_episode_id: gone, purge: true });
      expect(episodeIds(held(child))).to.not.include(gone);
      expect(episodeIds(held(child))).to.have.length.greaterThan(0);
    });

    it('a deleted person is marked deleted and purged', async () => {
      const withLegacy = [...sent().keys()].find((id) => (latest(id) as { mis_child_id?: string } | undefined)?.mis_child_id && !latest(id)?.purge) as string;
      const child = withLegacy ?? sentChild();
      const misChildId = (latest(child) as { mis_child_id?: string }).mis_child_id;
      await ssdWriterOf(h.db.source).deleteRows('ssd_person', ['pers_person_id'], [{ pers_person_id: child }]);
      const stats = await h.cycle();
      expect([stats.deleted, stats.sent]).to.deep.equal([1, 1]);
      // The API is told which child to delete by both ids it knows, though the person row is gone.
      expect(latest(child)).to.deep.equal({ la_child_id: child, mis_child_id: misChildId, purge: true });
      expect(await h.staging(child)).to.include({ row_state: 'deleted', submission_status: 'sent' });
    });

    it('with payload.purgeDeleted false a deleted person is only marked deleted, and purged once it is turned on', async () => {
      const child = sentChild();
      await ssdWriterOf(h.db.source).deleteRows('ssd_person', ['pers_person_id'], [{ pers_person_id: child }]);
      const kept = await h.cycle({ payload: { mode: 'full', purgeDeleted: false } });
      expect([kept.deleted, kept.sent]).to.deep.equal([1, 0]);
      expect(await h.staging(child)).to.include({ row_state: 'deleted', submission_status: 'pending' });
      expect(latest(child)?.purge).to.equal(false);
      const purged = await h.cycle({ payload: { mode: 'full', purgeDeleted: true } });
      expect([purged.touched, purged.sent]).to.deep.equal([0, 1]);
      expect(latest(child)).to.include({ la_child_id: child, purge: true });
      expect(await h.staging(child)).to.include({ row_state: 'deleted', submission_status: 'sent' });
    });

    it('a no-op update (same values written again) resends nothing', async () => {
      const child = sentChild();
      const [person] = await h.rowsWhere('ssd_person', 'pers_person_id', child);
      await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [person!]);
      const stats = await h.cycle();
      // Fingerprints compare what rows hold: the same values written again are no change to them.
      expect([stats.touched, stats.unchanged, stats.sent]).to.deep.equal(h.db.source.capture.mode === 'direct' ? [1, 1, 0] : [0, 0, 0]);
    });

    for (const table of ['ssd_disability', 'ssd_professionals']) {
      it(`TRUNCATE and reload of ${table} holds one cycle (the load may still be writing), then re-evaluates its children and resends none`, async () => {
        const rows = await ssdWriterOf(h.db.source).sampleRows(table, 100_000, 1);
        await ssdWriterOf(h.db.source).truncate(table);
        // Direct mode logs the TRUNCATE; a refresh waits for an emptied table to be loaded again.
        if (h.db.source.capture.mode === 'direct') expect((await h.pendingTouches()).length).to.be.greaterThan(10);
        await ssdWriterOf(h.db.source).insertRows(table, rows);
        await h.settles(table, 'the load may still be writing');
        const stats = await h.cycle();
        expect(stats.held).to.deep.equal([]);
        // Fingerprints of the same rows loaded again have not changed: nobody needs re-evaluating.
        if (h.db.source.capture.mode === 'direct') expect(stats.touched).to.be.greaterThan(10);
        else expect(stats.touched).to.equal(0);
        expect([stats.new, stats.updated, stats.deleted, stats.sent]).to.deep.equal([0, 0, 0, 0]);
      });
    }

    it('a cycle between a TRUNCATE and its reload waits for the reload, and for the reload to settle: nobody is purged or resent', async () => {
      const people = await ssdWriterOf(h.db.source).sampleRows('ssd_person', 100_000, 1);
      await ssdWriterOf(h.db.source).truncate('ssd_person');
      const during = await h.cycle();
      expect(during.held).to.deep.equal(['ssd_person']);
      expect([during.touched, during.deleted, during.sent]).to.deep.equal([0, 0, 0]);
      await ssdWriterOf(h.db.source).insertRows('ssd_person', people.slice(0, 100));
      const partly = await h.cycle();
      expect(partly.held, 'a third loaded').to.deep.equal(['ssd_person']);
      await ssdWriterOf(h.db.source).insertRows('ssd_person', people.slice(100));
      await h.settles('ssd_person', 'loaded, but the load may still be writing');
      const after = await h.cycle();
      expect(after.held).to.deep.equal([]);
      expect(after.touched).to.be.greaterThan(100);
      expect([after.new, after.updated, after.deleted, after.sent]).to.deep.equal([0, 0, 0, 0]);
    });

    it('a truncated table of any kind (assessment factors) holds the cycle until it is reloaded; the other changes wait and nothing is lost', async () => {
      const factors = await ssdWriterOf(h.db.source).sampleRows('ssd_assessment_factors', 100_000, 1);
      await ssdWriterOf(h.db.source).truncate('ssd_assessment_factors');
      const child = sentChild();
      await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: child, pers_surname: 'Notheld' }]);
      const empty = await h.cycle();
      expect(empty.held).to.deep.equal(['ssd_assessment_factors']);
      expect([empty.updated, empty.sent]).to.deep.equal([0, 0]);
      await ssdWriterOf(h.db.source).insertRows('ssd_assessment_factors', factors);
      await h.settles('ssd_assessment_factors', 'reloaded, not yet settled');
      const stats = await h.cycle();
      expect(stats.held).to.deep.equal([]);
      // Only the surname: no assessment was ever sent without its factors.
      expect([stats.updated, stats.deleted, stats.sent]).to.deep.equal([1, 0, 1]);
      expect((latest(child) as { child_details?: { surname?: string } }).child_details?.surname).to.equal('Notheld');
    });

    it('a table that stays shrunk is held for at most capture.reloadGraceMinutes, then taken as it is', async () => {
      const factors = await ssdWriterOf(h.db.source).sampleRows('ssd_assessment_factors', 100_000, 1);
      await ssdWriterOf(h.db.source).deleteRows('ssd_assessment_factors', ['cinf_table_id', 'cinf_assessment_id'], factors.slice(0, Math.ceil(factors.length * 0.6)));
      const held = await h.cycle();
      expect(held.held).to.deep.equal(['ssd_assessment_factors']);
      expect(held.touched).to.equal(0);
      expect((await h.cycle()).held, 'within the grace').to.deep.equal(['ssd_assessment_factors']);
      // Three hours pass (the database's clock decides how long cycles have held).
      await h.db.sql.exec(`UPDATE ssd_delta_table_guard SET held_since = ${h.db.sql.earlier('held_since', 3 * 3600)}`);
      const taken = await h.cycle();
      expect(taken.held).to.deep.equal([]);
      expect(taken.updated).to.be.greaterThan(0);
      expect(taken.deleted).to.equal(0);
      await ssdWriterOf(h.db.source).insertRows('ssd_assessment_factors', factors.slice(0, Math.ceil(factors.length * 0.6)));
      await h.settles('ssd_assessment_factors', 'rewritten in bulk: one cycle to see it settle');
      expect((await h.cycle()).updated, 'the factors back').to.equal(taken.updated);
    });

    it('a cycle that would purge a large share of the children stops, marks nobody deleted, and forgets nobody', async () => {
      const people = (await ssdWriterOf(h.db.source).sampleRows('ssd_person', 100_000, 17)).filter((p) => sent().has(String(p.pers_person_id)) && !latest(String(p.pers_person_id))?.purge).slice(0, 80);
      const deletedRows = async () => Number((await h.db.sql.query<{ n: number | string }>("SELECT count(*) AS n FROM ssd_api_data_staging WHERE row_state = 'deleted'"))[0]?.n);
      const previouslyDeleted = await deletedRows();
      await ssdWriterOf(h.db.source).deleteRows('ssd_person', ['pers_person_id'], people);
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        // The same changes are read again each time: the guard stops every cycle until lifted.
        let error: unknown;
        await h.cycle().catch((e: unknown) => (error = e));
        expect((error as { code?: string }).code, `cycle ${attempt}`).to.equal('MASS_DELETE_GUARD');
        expect((error as Error).message).to.match(new RegExp(`would purge ${people.length} of the`));
        expect(await deletedRows()).to.equal(previouslyDeleted);
      }
      const lifted = await h.cycle({ guards: { ...h.guards, maxDeletedShare: 1 } });
      expect([lifted.deleted, lifted.sent]).to.deep.equal([people.length, people.length]);
      expect(latest(String(people[0]?.pers_person_id))).to.include({ purge: true });
      await ssdWriterOf(h.db.source).insertRows('ssd_person', people);
      const back = await h.cycle();
      expect([back.touched, back.updated, back.sent]).to.deep.equal([people.length, people.length, people.length]);
      expect(latest(String(people[0]?.pers_person_id))?.purge).to.equal(false);
    });

    for (const { table, keys, part } of [
      { table: 'ssd_cin_plans', keys: ['cinp_cin_plan_id'], part: /\d+ of the \d+ child in need plans \(ssd_cin_plans\) it holds \(at most \d+\)/ },
      { table: 'ssd_involvements', keys: ['invo_involvements_id'], part: /care workers \(ssd_involvements, ssd_professionals, ssd_cin_plans\)/ },
    ]) {
      it(`a cycle that would purge a large share of the items of one kind (${table}) stops, names them, and marks none of those purges until lifted`, async () => {
        const rows = await ssdWriterOf(h.db.source).sampleRows(table, 100_000, 23);
        // 40%: too few gone for the table guard to hold (it holds past half), far more than items ever end.
        const gone = rows.slice(0, Math.floor(rows.length * 0.4));
        await ssdWriterOf(h.db.source).deleteRows(table, keys, gone);
        const pendingUpdates = async () =>
          Number((await h.db.sql.query<{ n: number | string }>("SELECT count(*) AS n FROM ssd_api_data_staging WHERE row_state = 'updated' AND submission_status = 'pending'"))[0]?.n);
        // A change that takes nothing away, in the same cycle: marked and sent although the guard stops the rest.
        const affected = new Set(gone.map((r) => String(r.cinp_person_id ?? r.invo_person_id)));
        const renamed = h.sim.api.heldIds().filter((id) => !affected.has(id) && !(latest(id) as { purge?: boolean } | undefined)?.purge).at(-1) as string;
        await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: renamed, pers_surname: `Renamed${table.length}` }]);
        for (let attempt = 1; attempt <= 2; attempt += 1) {
          const error = await h.cycle().catch((e: unknown) => e);
          expect((error as { code?: string }).code, `cycle ${attempt}`).to.equal('MASS_PURGE_GUARD');
          expect((error as Error).message, (error as Error).message).to.match(part);
          expect(await pendingUpdates(), 'no update that purges was marked').to.equal(0);
        }
        expect((latest(renamed) as { child_details?: { surname?: string } }).child_details?.surname, 'sent while the guard held the rest').to.equal(`Renamed${table.length}`);
        const before = h.sim.api.received().length;
        const lifted = await h.cycle({ guards: { ...h.guards, maxPurgedShare: 1 } });
        expect(lifted.updated).to.be.greaterThan(25);
        // The renamed child was sent before; the table's own losses are what is left.
        await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: renamed, pers_surname: `Renamed${table.length}` }]);
        expect(lifted.sent).to.equal(lifted.updated);
        expect(h.sim.api.received().length - before).to.equal(lifted.updated);
        await ssdWriterOf(h.db.source).insertRows(table, gone);
        await h.settles(table, 'written back in bulk: one cycle to see it settle');
        const back = await h.cycle();
        expect([back.updated, back.sent]).to.deep.equal([lifted.updated, lifted.updated]);
      });
    }

    it('a child whose only copy at the API is an offer never answered is guarded too (its body goes whole, with purges)', async () => {
      const held = new Set(h.sim.api.heldIds().filter((id) => !(latest(id) as { purge?: boolean } | undefined)?.purge));
      const all = (await ssdWriterOf(h.db.source).sampleRows('ssd_cin_plans', 100_000, 1)).filter((p) => held.has(String(p.cinp_person_id)));
      const victims = [...new Set(all.map((p) => String(p.cinp_person_id)))].slice(0, 40);
      const plans = all.filter((p) => victims.includes(String(p.cinp_person_id)));
      const losing = new Set(plans.map((p) => String(p.cinp_person_id)));
      expect(losing.size, 'children with plans').to.be.greaterThan(25);
      // The last document each was sent is an offer whose answer never came: the API may hold it, or nothing.
      await h.db.sql.exec(
        `UPDATE ssd_api_data_staging SET unconfirmed_json_payloads = ${h.db.sql.jsonArrayOf('previous_json_payload')}, previous_json_payload = NULL, previous_hash = NULL, row_state = 'new'
          WHERE person_id IN ${h.db.sql.list([...losing])}`,
      );
      await ssdWriterOf(h.db.source).deleteRows('ssd_cin_plans', ['cinp_cin_plan_id'], plans);
      const error = await h.cycle().catch((e: unknown) => e);
      expect((error as { code?: string }).code).to.equal('MASS_PURGE_GUARD');
      expect((error as Error).message).to.match(/all child in need plans \(ssd_cin_plans\) of \d+ of its \d+ children/);
      await ssdWriterOf(h.db.source).insertRows('ssd_cin_plans', plans);
      for (let cycle = 0; cycle < 3 && (await h.cycle()).held.length > 0; cycle += 1);
      expect((await h.cycle()).held).to.deep.equal([]);
      // As they were: the API accepted what it holds (the simulator has them all).
      await h.db.sql.exec(
        `UPDATE ssd_api_data_staging SET previous_json_payload = json_payload, previous_hash = current_hash, unconfirmed_json_payloads = NULL, row_state = 'updated'
          WHERE person_id IN ${h.db.sql.list([...losing])}`,
      );
    });

    it('an update that moves an episode to another child touches and updates both', async () => {
      const from = sentChild(2);
      const to = sentChild(1, [from]);
      const moved = episodeIds(held(from))[0] as string;
      await ssdWriterOf(h.db.source).updateRows('ssd_cin_episodes', ['cine_referral_id'], [{ cine_referral_id: moved, cine_person_id: to }]);
      expect(await h.pendingTouches()).to.deep.equal([from, to].sort());
      const stats = await h.cycle();
      expect(stats.updated).to.equal(2);
      expect(episodeIds(held(from))).to.not.include(moved);
      expect(episodeIds(held(to))).to.include(moved);
    });

    it('a person id longer than the API allows is flagged invalid and the rest goes on', async () => {
      const long = '1234567890123456789012345';
      const [episode] = await ssdWriterOf(h.db.source).sampleRows('ssd_cin_episodes', 1, 11);
      await ssdWriterOf(h.db.source).insertRows('ssd_person', [{ pers_person_id: long, pers_sex: 'F', pers_dob: '2015-01-01' }]);
      await ssdWriterOf(h.db.source).insertRows('ssd_cin_episodes', [{ ...episode, cine_referral_id: 'RLONG1', cine_person_id: long, cine_referral_date: '2026-01-10', cine_close_date: null }]);
      const child = sentChild();
      await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: child, pers_surname: 'Changedname' }]);
      const stats = await h.cycle();
      expect([stats.invalid, stats.updated, stats.sent]).to.deep.equal([1, 1, 1]);
      const row = await h.staging(long);
      expect(row).to.include({ submission_status: 'invalid' });
      expect(String(row?.validation_errors)).to.match(/la_child_id/);
      expect(sent().has(long)).to.equal(false);
    });

    it('a person row with no id is counted and reported, and the cycle goes on', async () => {
      await h.db.sql.allowNullKey('ssd_person', 'pers_person_id');
      await ssdWriterOf(h.db.source).insertRows('ssd_person', [{ pers_person_id: null, pers_sex: 'M', pers_dob: '2016-02-02' }]);
      const child = sentChild();
      await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: child, pers_surname: 'Othername' }]);
      expect(await h.db.source.rows.countPersonsWithoutId()).to.equal(1);
      const changes = (await h.pendingChanges()).changes;
      // Direct mode logs a row without a key as such. A fingerprint refresh leaves rows without a
      // key out (ssd_person's key is stable): counted below and by baseline cycles, not in the feed.
      const nokey = changes.filter((c) => c.kind === 'nokey').map((c) => [c.stream, c.count]);
      expect(nokey).to.deep.equal(h.db.source.capture.mode === 'direct' ? [['ssd_person', 1]] : []);
      const stats = await h.cycle();
      expect([stats.touched, stats.updated, stats.sent, stats.errors]).to.deep.equal([1, 1, 1, 0]);
    });
  });
}
