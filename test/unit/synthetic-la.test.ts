import { expect } from 'chai';
import type { SsdRow } from '../../src/source/ssd-row.js';
import { addDays } from '../../src/core/iso-date.js';
import { SSD_TABLE_NAMES } from '../../src/simulate/ssd-table-keys.js';
import { generateSyntheticLa, type SyntheticLa } from '../../src/simulate/synthetic-la.js';
import { readSsdDdl } from '../helpers/memory-ssd-writer.js';

const TODAY = '2026-08-10';

function rowsOf(la: SyntheticLa, table: string): SsdRow[] {
  const rows = la.tables[table];
  if (rows === undefined) throw new Error(`missing table ${table}`);
  return rows;
}

function ageOn(dob: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(dob.slice(0, 4));
  return day.slice(5) >= dob.slice(5) ? years : years - 1;
}

describe('generateSyntheticLa', () => {
  const la = generateSyntheticLa({ children: 2000, seed: 1, today: TODAY });
  const people = rowsOf(la, 'ssd_person');
  const episodes = rowsOf(la, 'ssd_cin_episodes');

  it('is deterministic for (children, seed, today) and changes with the seed or today', () => {
    const again = generateSyntheticLa({ children: 2000, seed: 1, today: TODAY });
    expect(JSON.stringify(again)).to.equal(JSON.stringify(la));
    expect(JSON.stringify(generateSyntheticLa({ children: 2000, seed: 2, today: TODAY }))).to.not.equal(JSON.stringify(la));
    expect(JSON.stringify(generateSyntheticLa({ children: 50, seed: 1, today: '2026-08-11' })))
      .to.not.equal(JSON.stringify(generateSyntheticLa({ children: 50, seed: 1, today: TODAY })));
  });

  it('writes all 19 tables with exactly the DDL columns, in DDL order', () => {
    const ddl = readSsdDdl();
    expect(ddl.size).to.equal(19);
    expect(Object.keys(la.tables).sort()).to.deep.equal([...ddl.keys()].sort());
    expect([...SSD_TABLE_NAMES].sort()).to.deep.equal([...ddl.keys()].sort());
    for (const [table, schema] of ddl) {
      const rows = rowsOf(la, table);
      expect(rows.length, table).to.be.greaterThan(0);
      for (const row of rows) expect(Object.keys(row), table).to.deep.equal(schema.columns);
    }
  });

  it('has 25-35 rows per person in total, with plausible per-table shares', () => {
    for (const seed of [1, 2, 3]) {
      const other = seed === 1 ? la : generateSyntheticLa({ children: 2000, seed, today: TODAY });
      const total = Object.values(other.tables).reduce((sum, rows) => sum + rows.length, 0);
      expect(total / 2000, `seed ${seed}`).to.be.within(25, 35);
    }
    expect(people).to.have.length(2000);
    expect(episodes.length / 2000).to.be.within(1.4, 2.5);
    expect(rowsOf(la, 'ssd_address').length / 2000).to.be.within(1.5, 3);
    expect(rowsOf(la, 'ssd_assessment_factors')).to.have.length(rowsOf(la, 'ssd_cin_assessments').length);
    expect(rowsOf(la, 'ssd_professionals').length).to.be.within(120, 150);
  });

  it('puts most children in cohort shape: an episode overlapping the last two years', () => {
    const twoYearsAgo = addDays(TODAY, -730);
    const recent = new Set(episodes
      .filter((e) => String(e.cine_referral_date) <= TODAY && (e.cine_close_date === null || String(e.cine_close_date) >= twoYearsAgo))
      .map((e) => e.cine_person_id));
    expect(recent.size / people.length).to.be.within(0.8, 0.97);
  });

  it('holds every kind of person in small, realistic proportions', () => {
    const withEpisode = new Set(episodes.map((e) => e.cine_person_id));
    const unborn = people.filter((p) => p.pers_dob === null && p.pers_expected_dob !== null);
    const adults = people.filter((p) => p.pers_dob !== null && ageOn(String(p.pers_dob), TODAY) >= 26);
    const young = people.filter((p) => p.pers_dob !== null && ageOn(String(p.pers_dob), TODAY) <= 17);
    const leavers = new Set(rowsOf(la, 'ssd_care_leavers').map((c) => c.clea_person_id));
    const youngAdultLeavers = people.filter((p) => p.pers_dob !== null && ageOn(String(p.pers_dob), TODAY) >= 18 && leavers.has(p.pers_person_id));
    expect(unborn.length / 2000).to.be.within(0.005, 0.03);
    expect(unborn.every((p) => String(p.pers_expected_dob) > TODAY)).to.equal(true);
    expect(adults.length / 2000).to.be.within(0.015, 0.05);
    expect(young.length / 2000).to.be.within(0.8, 0.95);
    expect(youngAdultLeavers.length / 2000).to.be.within(0.04, 0.1);
    const noEpisode = people.filter((p) => !withEpisode.has(p.pers_person_id));
    expect(noEpisode.length / 2000).to.be.within(0.01, 0.06);
  });

  it('has open, closed, NFA and pre-window episodes with coded values', () => {
    const open = episodes.filter((e) => e.cine_close_date === null);
    const closed = episodes.filter((e) => e.cine_close_date !== null);
    expect(open.length / episodes.length).to.be.within(0.2, 0.5);
    expect(open.every((e) => e.cine_close_reason === null)).to.equal(true);
    expect(closed.every((e) => /^RC[1-8]$/.test(String(e.cine_close_reason)))).to.equal(true);
    expect(closed.every((e) => String(e.cine_close_date) >= String(e.cine_referral_date))).to.equal(true);
    expect(episodes.some((e) => e.cine_referral_nfa === 'Y')).to.equal(true);
    expect(episodes.some((e) => String(e.cine_referral_date) < '2024-04-01')).to.equal(true);
    const sources = new Set(episodes.map((e) => e.cine_referral_source_code));
    for (const code of ['1A', '2B', '3C', '5A', '10']) expect(sources.has(code), code).to.equal(true);
  });

  it('holds the factor JSON in every shape real loads produce', () => {
    const values = rowsOf(la, 'ssd_assessment_factors').map((f) => f.cinf_assessment_factors_json);
    for (const shape of [null, '', 'null', '[]']) expect(values, String(shape)).to.include(shape);
    expect(values.some((v) => typeof v === 'string' && v.includes('null,'))).to.equal(true);
    expect(values.some((v) => typeof v === 'string' && v.includes('", "'))).to.equal(true);
    for (const value of values) {
      if (value === null || value === '' || value === 'null') continue;
      const parsed: unknown = JSON.parse(String(value));
      expect(Array.isArray(parsed)).to.equal(true);
      for (const code of parsed as unknown[]) expect(code === null || /^\d{1,2}[A-F]?$/.test(String(code))).to.equal(true);
    }
  });

  it('fills coded person-level columns the way the payload expects to read them', () => {
    const upns = people.map((p) => p.pers_upn).filter((u): u is string => typeof u === 'string');
    expect(upns.filter((u) => !u.startsWith('UN')).every((u) => u.length === 13)).to.equal(true);
    expect(people.some((p) => p.pers_upn === null && /^UN([1-9]|10)$/.test(String(p.pers_upn_unknown)))).to.equal(true);
    const disabilities = new Set(rowsOf(la, 'ssd_disability').map((d) => String(d.disa_disability_code).trim().toUpperCase()));
    expect([...disabilities].every((c) => ['NONE', 'MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS', 'BEH', 'CON', 'AUT', 'DDA'].includes(c))).to.equal(true);
    expect(rowsOf(la, 'ssd_immigration_status').some((i) => i.immi_immigration_status === 'U')).to.equal(true);
    const formerUpns = rowsOf(la, 'ssd_linked_identifiers').filter((l) => l.link_identifier_type === 'Former Unique Pupil Number');
    expect(formerUpns.some((l) => String(l.link_identifier_value).length === 13)).to.equal(true);
    expect(rowsOf(la, 'ssd_address').every((a) => /^[A-Z]{1,2}\d{1,2} \d[A-Z]{2}$/.test(String(a.addr_address_postcode)))).to.equal(true);
    const outcomes = rowsOf(la, 'ssd_s47_enquiry').map((s) => s.s47e_s47_outcome_json).filter((j) => j !== null);
    expect(outcomes.every((j) => ['Y', 'N'].includes((JSON.parse(String(j)) as { CP_CONFERENCE_FLAG: string }).CP_CONFERENCE_FLAG))).to.equal(true);
    const involvements = rowsOf(la, 'ssd_involvements');
    expect(involvements.filter((i) => i.invo_professional_role_id === 'CW').length / involvements.length).to.be.within(0.35, 0.7);
    expect(rowsOf(la, 'ssd_professionals').filter((p) => /^SW\d{6}$/.test(String(p.prof_social_worker_registration_no))).length)
      .to.be.greaterThan(100);
  });

  it('uses digits-only person ids and prefixed alphanumeric ids elsewhere', () => {
    expect(people.every((p) => /^\d{1,20}$/.test(String(p.pers_person_id)))).to.equal(true);
    expect(new Set(people.map((p) => p.pers_person_id)).size).to.equal(people.length);
    expect(people.every((p) => p.pers_legacy_id === null || /^(LEG-\d+|\s*)$/.test(String(p.pers_legacy_id)))).to.equal(true);
    const keyColumns: Record<string, string> = {
      ssd_cin_episodes: 'cine_referral_id', ssd_cin_assessments: 'cina_assessment_id', ssd_cp_plans: 'cppl_cp_plan_id',
      ssd_cla_placement: 'clap_cla_placement_id', ssd_involvements: 'invo_involvements_id', ssd_professionals: 'prof_professional_id',
      ssd_address: 'addr_table_id', ssd_s47_enquiry: 's47e_s47_enquiry_id', ssd_cin_plans: 'cinp_cin_plan_id',
    };
    for (const [table, column] of Object.entries(keyColumns)) {
      const ids = rowsOf(la, table).map((r) => String(r[column]));
      expect(ids.every((id) => /^[A-Z]+\d*[A-Z]*\d+$/.test(id) && id.length <= 36), table).to.equal(true);
      expect(new Set(ids).size, table).to.equal(ids.length);
    }
  });
});
