import { expect } from 'chai';
import type { SsdRow } from '../../src/source/ssd-row.js';
import { ChangeRound } from '../../src/simulate/change-round.js';
import { simulateChanges, type ChangeSummary } from '../../src/simulate/change-simulator.js';
import { seedSsd } from '../../src/simulate/seed-ssd.js';
import { SSD_TABLE_KEYS, SSD_TABLE_NAMES, type SsdTableName } from '../../src/simulate/ssd-table-keys.js';
import { FORENAMES, SURNAMES } from '../../src/simulate/synthetic-names.js';
import { MemorySsdWriter } from '../helpers/memory-ssd-writer.js';

const TODAY = '2026-08-10';
const SEED = 11;

async function seededWriter(children = 2000, seed = SEED): Promise<MemorySsdWriter> {
  const writer = new MemorySsdWriter();
  await seedSsd(writer, { children, seed, today: TODAY });
  writer.calls.length = 0;
  return writer;
}

function keyOf(table: SsdTableName, row: SsdRow): string {
  return SSD_TABLE_KEYS[table].map((c) => String(row[c])).join('|');
}

function dump(writer: MemorySsdWriter): string {
  return JSON.stringify(SSD_TABLE_NAMES.map((t) => writer.rows(t)));
}

function has(summary: ChangeSummary, table: string, op: string): boolean {
  return summary.operations.some((o) => o.table === table && o.op === op && o.rows > 0);
}

describe('simulateChanges', () => {
  it('makes every listed kind of change in one round, and its summary matches the writes', async () => {
    const writer = await seededWriter();
    const summary = await simulateChanges(writer, { seed: SEED, round: 1, today: TODAY });
    const expected: [string, string][] = [
      ['ssd_address', 'insert'], ['ssd_address', 'update'], ['ssd_assessment_factors', 'update'], ['ssd_professionals', 'update'],
      ['ssd_cin_episodes', 'delete'], ['ssd_person', 'delete'], ['ssd_person', 'insert'], ['ssd_cin_episodes', 'insert'],
      ['ssd_cin_assessments', 'insert'], ['ssd_person', 'update'], ['ssd_cin_episodes', 'update'], ['ssd_cin_plans', 'insert'],
      ['ssd_cp_plans', 'insert'], ['ssd_s47_enquiry', 'insert'], ['ssd_cla_placement', 'insert'], ['ssd_cla_placement', 'update'],
      ['ssd_disability', 'delete'], ['ssd_cin_plans', 'update'],
    ];
    for (const [table, op] of expected) expect(has(summary, table, op), `${table} ${op}`).to.equal(true);
    expect(summary.round).to.equal(1);
    expect(writer.calls.map((c) => [c.table, c.op, c.rows.length]))
      .to.deep.equal(summary.operations.map((o) => [o.table, o.op, o.rows]));
    const changed = summary.operations.reduce((sum, o) => sum + o.rows, 0);
    expect(changed).to.be.within(25, 40);
  });

  it('writes every one of the 19 tables in every round', async () => {
    const writer = await seededWriter();
    for (let round = 1; round <= 5; round++) {
      const touched = new Set((await simulateChanges(writer, { seed: SEED, round, today: TODAY })).operations.map((o) => o.table));
      expect([...touched].sort(), `round ${round}`).to.deep.equal([...SSD_TABLE_NAMES].sort());
    }
  });

  describe('rounds 1-3 on a 500-child LA (the demo default)', () => {
    /** The four kinds of table by how a row reaches its child (spec/ssd-tables.md). */
    const KINDS: Record<string, SsdTableName[]> = {
      'person-level': ['ssd_person', 'ssd_address', 'ssd_disability', 'ssd_immigration_status', 'ssd_linked_identifiers', 'ssd_sdq_scores', 'ssd_care_leavers'],
      'referral-linked': ['ssd_cin_episodes', 'ssd_cin_assessments', 'ssd_cin_plans', 'ssd_s47_enquiry', 'ssd_cp_plans', 'ssd_cla_episodes', 'ssd_involvements'],
      'multi-hop': ['ssd_assessment_factors', 'ssd_cla_placement', 'ssd_initial_cp_conference', 'ssd_permanence'],
      'fan-out': ['ssd_professionals'],
    };
    const OPS = ['insert', 'update', 'delete'] as const;

    async function threeRounds(): Promise<{ writer: MemorySsdWriter; summaries: ChangeSummary[] }> {
      const writer = await seededWriter(500);
      const summaries: ChangeSummary[] = [];
      for (let round = 1; round <= 3; round++) summaries.push(await simulateChanges(writer, { seed: SEED, round, today: TODAY }));
      return { writer, summaries };
    }

    it('the kinds above cover the 19 tables exactly once', () => {
      expect(Object.values(KINDS).flat().sort()).to.deep.equal([...SSD_TABLE_NAMES].sort());
    });

    it('writes all 19 tables, and inserts, updates and deletes in every kind and every table', async () => {
      const { writer, summaries } = await threeRounds();
      const all: ChangeSummary = { round: 0, operations: summaries.flatMap((s) => s.operations) };
      expect(new Set(all.operations.map((o) => o.table)).size).to.equal(19);
      for (const [kind, tables] of Object.entries(KINDS)) {
        for (const op of OPS) expect(tables.some((t) => has(all, t, op)), `${kind} ${op}`).to.equal(true);
      }
      for (const table of SSD_TABLE_NAMES) for (const op of OPS) expect(has(all, table, op), `${table} ${op}`).to.equal(true);
      for (const summary of summaries) expect(summary.operations.reduce((n, o) => n + o.rows, 0), `round ${summary.round}`).to.be.within(25, 40);
      // The summaries are what was written, in order.
      expect(writer.calls.map((c) => [c.table, c.op, c.rows.length])).to.deep.equal(all.operations.map((o) => [o.table, o.op, o.rows]));
    });

    it('is deterministic: the same seed and rounds give the same operations and data', async () => {
      const first = await threeRounds();
      const again = await threeRounds();
      expect(again.summaries).to.deep.equal(first.summaries);
      expect(again.writer.calls).to.deep.equal(first.writer.calls);
      expect(dump(again.writer)).to.equal(dump(first.writer));
    });

    it('never writes the same row twice in a round', async () => {
      const { writer, summaries } = await threeRounds();
      let call = 0;
      for (const summary of summaries) {
        const seen = new Set<string>();
        for (const c of writer.calls.slice(call, call + summary.operations.length)) {
          for (const row of c.rows) {
            const key = `${c.table}|${keyOf(c.table as SsdTableName, row)}`;
            expect(seen.has(key), `round ${summary.round}: ${key} written twice`).to.equal(false);
            seen.add(key);
          }
        }
        call += summary.operations.length;
      }
    });

    it('makes the rotating changes it reports', async () => {
      const { writer, summaries } = await threeRounds();
      const rowsOf = (round: number, table: string, op: string, note = ''): SsdRow[] => {
        const before = summaries.slice(0, round - 1).reduce((n, s) => n + s.operations.length, 0);
        const index = summaries[round - 1]?.operations.findIndex((o) => o.table === table && o.op === op && o.note.includes(note)) ?? -1;
        return index < 0 ? [] : (writer.calls[before + index]?.rows.slice() ?? []);
      };
      // Round 1: a reassessment starts with its (empty) factors row.
      const [started] = rowsOf(1, 'ssd_cin_assessments', 'insert', 'started');
      expect(writer.rows('ssd_assessment_factors').filter((f) => f.cinf_assessment_id === started?.cina_assessment_id)).to.have.length(1);
      // Round 2: an assessment without factors is authorised and gets exactly one factors row.
      const [authorised] = rowsOf(2, 'ssd_cin_assessments', 'update', 'authorised');
      expect(writer.find('ssd_cin_assessments', String(authorised?.cina_assessment_id))?.cina_assessment_auth_date).to.equal(TODAY);
      expect(writer.rows('ssd_assessment_factors').filter((f) => f.cinf_assessment_id === authorised?.cina_assessment_id)).to.have.length(1);
      // Round 2: a legal status change ends the open episode and starts one in the same placement.
      const [ended] = rowsOf(2, 'ssd_cla_episodes', 'update', 'legal status');
      const [next] = rowsOf(2, 'ssd_cla_episodes', 'insert');
      const old = writer.find('ssd_cla_episodes', String(ended?.clae_cla_episode_id));
      expect(old?.clae_cla_episode_ceased_date).to.equal(TODAY);
      expect([next?.clae_cla_id, next?.clae_cla_placement_id, next?.clae_cla_episode_ceased_date]).to.deep.equal([old?.clae_cla_id, old?.clae_cla_placement_id, null]);
      // Round 2: a rescheduled conference is never held after today.
      const [moved] = rowsOf(2, 'ssd_initial_cp_conference', 'update');
      expect(String(writer.find('ssd_initial_cp_conference', String(moved?.icpc_icpc_id))?.icpc_icpc_date) <= TODAY).to.equal(true);
      // Round 3: a deleted assessment takes its factors with it; a deleted involvement had ended.
      const [deleted] = rowsOf(3, 'ssd_cin_assessments', 'delete');
      expect(writer.find('ssd_cin_assessments', String(deleted?.cina_assessment_id))).to.equal(undefined);
      expect(writer.rows('ssd_assessment_factors').some((f) => f.cinf_assessment_id === deleted?.cina_assessment_id)).to.equal(false);
      expect(rowsOf(3, 'ssd_involvements', 'delete')[0]?.invo_involvement_end_date).to.not.equal(null);
      // Round 2: the professional who left was involved with children, whose involvements stay.
      const [left] = rowsOf(2, 'ssd_professionals', 'delete');
      expect(writer.find('ssd_professionals', String(left?.prof_professional_id))).to.equal(undefined);
      expect(writer.rows('ssd_involvements').some((i) => i.invo_professional_id === left?.prof_professional_id)).to.equal(true);
    });
  });

  it('really makes the changes it reports', async () => {
    const writer = await seededWriter();
    const before = new Map(SSD_TABLE_NAMES.map((t) => [t, new Map(writer.rows(t).map((r) => [keyOf(t, r), r]))]));
    const summary = await simulateChanges(writer, { seed: SEED, round: 1, today: TODAY });
    const call = (table: string, op: string, note = ''): SsdRow[] =>
      writer.calls.find((c, i) => c.table === table && c.op === op && (summary.operations[i]?.note ?? '').includes(note))?.rows.slice() ?? [];

    const [deletedPerson] = call('ssd_person', 'delete');
    const personId = String(deletedPerson?.pers_person_id);
    expect(writer.find('ssd_person', personId)).to.equal(undefined);
    const leftBehind = SSD_TABLE_NAMES.some((t) => t !== 'ssd_person' && writer.rows(t).some((r) => Object.values(r).includes(personId)));
    expect(leftBehind, 'only the person row is deleted').to.equal(true);

    const [deletedEpisode] = call('ssd_cin_episodes', 'delete');
    const referralId = String(deletedEpisode?.cine_referral_id);
    expect(writer.find('ssd_cin_episodes', referralId)).to.equal(undefined);
    expect(writer.rows('ssd_involvements').some((i) => i.invo_referral_id === referralId), 'only the episode row is deleted').to.equal(true);

    const [closed] = call('ssd_cin_episodes', 'update', 'closed');
    const closedNow = writer.find('ssd_cin_episodes', String(closed?.cine_referral_id));
    expect(before.get('ssd_cin_episodes')?.get(String(closed?.cine_referral_id))?.cine_close_date).to.equal(null);
    expect(closedNow?.cine_close_date).to.equal(TODAY);
    expect(String(closedNow?.cine_close_reason)).to.match(/^RC[1-8]$/);

    const [renamed] = call('ssd_person', 'update', 'surname');
    const oldPerson = before.get('ssd_person')?.get(String(renamed?.pers_person_id));
    expect(writer.find('ssd_person', String(renamed?.pers_person_id))?.pers_surname).to.not.equal(oldPerson?.pers_surname);

    const [professional] = call('ssd_professionals', 'update');
    const professionalId = String(professional?.prof_professional_id);
    expect(writer.find('ssd_professionals', professionalId)?.prof_social_worker_registration_no)
      .to.not.equal(before.get('ssd_professionals')?.get(professionalId)?.prof_social_worker_registration_no);
    const children = new Set(writer.rows('ssd_involvements').filter((i) => i.invo_professional_id === professionalId).map((i) => i.invo_person_id));
    expect(children.size, 'one professional reaches many children').to.be.greaterThan(5);

    const [factor] = call('ssd_assessment_factors', 'update');
    const factorKey = keyOf('ssd_assessment_factors', factor ?? {});
    expect(writer.find('ssd_assessment_factors', ...factorKey.split('|'))?.cinf_assessment_factors_json)
      .to.not.equal(before.get('ssd_assessment_factors')?.get(factorKey)?.cinf_assessment_factors_json);

    const [noop] = call('ssd_cin_plans', 'update', 'no-op');
    const planId = String(noop?.cinp_cin_plan_id);
    expect(writer.find('ssd_cin_plans', planId)).to.deep.equal(before.get('ssd_cin_plans')?.get(planId));

    const [newAddress] = call('ssd_address', 'insert');
    const personAddresses = writer.rows('ssd_address').filter((a) => a.addr_person_id === newAddress?.addr_person_id);
    const latest = personAddresses.map((a) => String(a.addr_address_start_date)).sort().pop();
    expect(latest).to.equal(TODAY);
  });

  it('is deterministic for a seed and round, and differs for another seed or round', async () => {
    const run = async (seed: number, rounds: number[]): Promise<[ChangeSummary[], string]> => {
      const writer = await seededWriter(800);
      const summaries: ChangeSummary[] = [];
      for (const round of rounds) summaries.push(await simulateChanges(writer, { seed, round, today: TODAY }));
      return [summaries, dump(writer)];
    };
    const [first, firstData] = await run(SEED, [1, 2, 3]);
    const [again, againData] = await run(SEED, [1, 2, 3]);
    expect(again).to.deep.equal(first);
    expect(againData).to.equal(firstData);
    const [otherSeed] = await run(SEED + 1, [1, 2, 3]);
    expect(otherSeed.map((s) => s.operations.map((o) => o.note))).to.not.deep.equal(first.map((s) => s.operations.map((o) => o.note)));
    const [otherRound] = await run(SEED, [4]);
    expect(otherRound[0]?.operations.map((o) => o.note)).to.not.deep.equal(first[0]?.operations.map((o) => o.note));
  });

  it('never reuses an id across five rounds, and new ids are API-safe', async () => {
    const writer = await seededWriter();
    const base = new Map(SSD_TABLE_NAMES.map((t) => [t, new Set(writer.rows(t).map((r) => keyOf(t, r)))]));
    const added = new Map<string, Set<string>>();
    for (let round = 1; round <= 5; round++) {
      // The memory writer also throws on a duplicate primary key, as Postgres would.
      await simulateChanges(writer, { seed: SEED, round, today: TODAY });
    }
    let newIds = 0;
    for (const c of writer.calls.filter((call) => call.op === 'insert')) {
      const table = c.table as SsdTableName;
      const seen = added.get(table) ?? new Set<string>();
      for (const row of c.rows) {
        const key = keyOf(table, row);
        expect(base.get(table)?.has(key), `${table} ${key} existed before`).to.equal(false);
        expect(seen.has(key), `${table} ${key} inserted twice`).to.equal(false);
        seen.add(key);
        newIds++;
        for (const value of Object.values(row)) if (typeof value === 'string') expect(value).to.not.match(/0x/i);
        if (table === 'ssd_person') expect(String(row.pers_person_id)).to.match(/^\d{1,20}$/);
        else expect(key).to.match(/^[A-Za-z0-9|]+$/);
      }
      added.set(table, seen);
    }
    expect(newIds).to.be.greaterThan(40);
  });

  it('never hands out a row its round has already written, from the sample or from recent rounds', async () => {
    const writer = await seededWriter(200);
    await simulateChanges(writer, { seed: SEED, round: 1, today: TODAY });
    const round = new ChangeRound(writer, 2, TODAY, 1, SEED);
    await round.sampleVictims();
    const recentIds = async (): Promise<unknown[]> => (await round.recentlyAdded('ssd_s47_enquiry', 'S47E')).map((r) => r.s47e_s47_enquiry_id);
    expect(await recentIds()).to.include('S47E1N1');
    await round.update('ssd_s47_enquiry', [{ s47e_s47_enquiry_id: 'S47E1N1', s47e_s47_nfa: 'Y' }], 'test');
    expect(round.isWritten('ssd_s47_enquiry', { s47e_s47_enquiry_id: 'S47E1N1' })).to.equal(true);
    expect(await recentIds()).to.not.include('S47E1N1');
    // The pool hands rows out in sample order: written through another path, the first is skipped.
    const [first, second] = await writer.sampleRows('ssd_cla_placement', 2, round.sampleSeed);
    await round.delete('ssd_cla_placement', [first ?? {}], 'test');
    const taken = (await round.victims('ssd_cla_placement')).take(1);
    expect(taken.map((r) => r.clap_cla_placement_id)).to.deep.equal([second?.clap_cla_placement_id]);
  });

  it('writes notes with ids only, never names or dates', async () => {
    const writer = await seededWriter();
    const names = new Set([...FORENAMES, ...SURNAMES]);
    for (let round = 1; round <= 5; round++) {
      for (const o of (await simulateChanges(writer, { seed: SEED, round, today: TODAY })).operations) {
        expect(o.note).to.not.match(/\d{4}-\d{2}-\d{2}/);
        for (const word of o.note.split(/[^A-Za-z]+/)) expect(names.has(word), `${word} in "${o.note}"`).to.equal(false);
      }
    }
  });

  it('scales the number of changed rows with options.scale', async () => {
    const count = async (scale: number): Promise<number> => {
      const summary = await simulateChanges(await seededWriter(), { seed: SEED, round: 1, today: TODAY, scale });
      return summary.operations.reduce((sum, o) => sum + o.rows, 0);
    };
    const one = await count(1);
    const four = await count(4);
    expect(four).to.be.within(one * 3, one * 5);
  });

  it('rejects a bad round or scale', async () => {
    const writer = await seededWriter(10);
    for (const options of [{ round: -1 }, { round: 1.5 }, { round: 1, scale: 0 }]) {
      let error: unknown;
      try {
        await simulateChanges(writer, { seed: SEED, today: TODAY, ...options });
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(options)).to.be.instanceOf(Error);
    }
  });
});
