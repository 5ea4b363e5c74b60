import { expect } from 'chai';
import type { SsdRow } from '../../src/source/ssd-row.js';
import { generateSyntheticLa, type SyntheticLa } from '../../src/simulate/synthetic-la.js';

function rowsOf(la: SyntheticLa, table: string): SsdRow[] {
  const rows = la.tables[table];
  if (rows === undefined) throw new Error(`missing table ${table}`);
  return rows;
}

/** Values of `column` in `table` that are not null. */
function valuesOf(la: SyntheticLa, table: string, column: string): Set<string> {
  return new Set(rowsOf(la, table).map((r) => r[column]).filter((v) => v !== null).map(String));
}

/** Asserts every non-null `from` value appears as a `to` value; returns how many were checked. */
function expectLinked(la: SyntheticLa, from: [string, string], to: [string, string]): number {
  const targets = valuesOf(la, to[0], to[1]);
  const values = rowsOf(la, from[0]).map((r) => r[from[1]]).filter((v) => v !== null);
  const missing = values.filter((v) => !targets.has(String(v)));
  expect(missing, `${from.join('.')} -> ${to.join('.')}`).to.deep.equal([]);
  return values.length;
}

describe('synthetic LA referential integrity', () => {
  const la = generateSyntheticLa({ children: 3000, seed: 5, today: '2026-08-10' });

  it('links every person-level row to an existing person', () => {
    const personColumns: [string, string][] = [
      ['ssd_address', 'addr_person_id'], ['ssd_disability', 'disa_person_id'], ['ssd_immigration_status', 'immi_person_id'],
      ['ssd_linked_identifiers', 'link_person_id'], ['ssd_sdq_scores', 'csdq_person_id'], ['ssd_cin_episodes', 'cine_person_id'],
      ['ssd_cin_assessments', 'cina_person_id'], ['ssd_cin_plans', 'cinp_person_id'], ['ssd_s47_enquiry', 's47e_person_id'],
      ['ssd_initial_cp_conference', 'icpc_person_id'], ['ssd_cp_plans', 'cppl_person_id'], ['ssd_cla_episodes', 'clae_person_id'],
      ['ssd_cla_placement', 'clap_person_id'], ['ssd_care_leavers', 'clea_person_id'], ['ssd_involvements', 'invo_person_id'],
    ];
    for (const link of personColumns) expect(expectLinked(la, link, ['ssd_person', 'pers_person_id'])).to.be.greaterThan(0);
  });

  it('links every referral-level row to an existing episode of the same person', () => {
    const referralColumns: [string, string, string][] = [
      ['ssd_cin_assessments', 'cina_referral_id', 'cina_person_id'], ['ssd_cin_plans', 'cinp_referral_id', 'cinp_person_id'],
      ['ssd_s47_enquiry', 's47e_referral_id', 's47e_person_id'], ['ssd_initial_cp_conference', 'icpc_referral_id', 'icpc_person_id'],
      ['ssd_cp_plans', 'cppl_referral_id', 'cppl_person_id'], ['ssd_cla_episodes', 'clae_referral_id', 'clae_person_id'],
      ['ssd_involvements', 'invo_referral_id', 'invo_person_id'],
    ];
    const owner = new Map(rowsOf(la, 'ssd_cin_episodes').map((e) => [e.cine_referral_id, e.cine_person_id]));
    for (const [table, referral, person] of referralColumns) {
      for (const row of rowsOf(la, table)) {
        if (row[referral] === null) continue;
        expect(owner.get(row[referral] ?? null), `${table} ${String(row[referral])}`).to.equal(row[person]);
      }
    }
    // A few CLA episodes lose their referral link on purpose (a real quirk), but only a few.
    const cla = rowsOf(la, 'ssd_cla_episodes');
    expect(cla.filter((c) => c.clae_referral_id === null).length / cla.length).to.be.below(0.06);
  });

  it('links the indirect tables along their join paths', () => {
    expect(expectLinked(la, ['ssd_assessment_factors', 'cinf_assessment_id'], ['ssd_cin_assessments', 'cina_assessment_id'])).to.be.greaterThan(0);
    expect(expectLinked(la, ['ssd_initial_cp_conference', 'icpc_s47_enquiry_id'], ['ssd_s47_enquiry', 's47e_s47_enquiry_id'])).to.be.greaterThan(0);
    expect(expectLinked(la, ['ssd_cp_plans', 'cppl_icpc_id'], ['ssd_initial_cp_conference', 'icpc_icpc_id'])).to.be.greaterThan(0);
    expect(expectLinked(la, ['ssd_initial_cp_conference', 'icpc_cp_plan_id'], ['ssd_cp_plans', 'cppl_cp_plan_id'])).to.be.greaterThan(0);
    expect(expectLinked(la, ['ssd_cla_placement', 'clap_cla_id'], ['ssd_cla_episodes', 'clae_cla_id'])).to.be.greaterThan(0);
    expect(expectLinked(la, ['ssd_cla_episodes', 'clae_cla_placement_id'], ['ssd_cla_placement', 'clap_cla_placement_id'])).to.be.greaterThan(0);
    expect(expectLinked(la, ['ssd_permanence', 'perm_cla_id'], ['ssd_cla_episodes', 'clae_cla_id'])).to.be.greaterThan(0);
    expect(expectLinked(la, ['ssd_involvements', 'invo_professional_id'], ['ssd_professionals', 'prof_professional_id'])).to.be.greaterThan(0);
    expect(expectLinked(la, ['ssd_cin_episodes', 'cine_referral_worker_id'], ['ssd_professionals', 'prof_professional_id'])).to.be.greaterThan(0);
  });

  it('has exactly one factor row per assessment and shares professionals across many children', () => {
    const factorIds = rowsOf(la, 'ssd_assessment_factors').map((f) => f.cinf_assessment_id);
    expect(new Set(factorIds).size).to.equal(factorIds.length);
    expect(factorIds.length).to.equal(rowsOf(la, 'ssd_cin_assessments').length);
    const childrenPerWorker = new Map<string, Set<string>>();
    for (const i of rowsOf(la, 'ssd_involvements')) {
      const set = childrenPerWorker.get(String(i.invo_professional_id)) ?? new Set<string>();
      set.add(String(i.invo_person_id));
      childrenPerWorker.set(String(i.invo_professional_id), set);
    }
    const sizes = [...childrenPerWorker.values()].map((s) => s.size).sort((a, b) => a - b);
    expect(sizes[Math.floor(sizes.length / 2)]).to.be.greaterThan(20);
  });

  it('finds permanence by person id for most rows and by legacy id for some', () => {
    const personIds = valuesOf(la, 'ssd_person', 'pers_person_id');
    const perm = rowsOf(la, 'ssd_permanence');
    const byPerson = perm.filter((p) => personIds.has(String(p.perm_person_id))).length;
    expect(byPerson / perm.length).to.be.within(0.6, 1);
  });

  it('keeps dates in order: assessments after referral, placements inside their period', () => {
    const referralDate = new Map(rowsOf(la, 'ssd_cin_episodes').map((e) => [e.cine_referral_id, String(e.cine_referral_date)]));
    for (const a of rowsOf(la, 'ssd_cin_assessments')) {
      expect(String(a.cina_assessment_start_date) >= (referralDate.get(a.cina_referral_id ?? null) ?? '')).to.equal(true);
      if (a.cina_assessment_auth_date !== null) expect(String(a.cina_assessment_auth_date) >= String(a.cina_assessment_start_date)).to.equal(true);
    }
    const badEnds = rowsOf(la, 'ssd_cla_placement').filter((p) => p.clap_cla_placement_end_date !== null
      && String(p.clap_cla_placement_end_date) < String(p.clap_cla_placement_start_date));
    expect(badEnds.length / rowsOf(la, 'ssd_cla_placement').length).to.be.below(0.02);
  });
});
