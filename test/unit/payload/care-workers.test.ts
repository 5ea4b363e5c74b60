import { expect } from 'chai';
import { createBuildContext } from '../../../src/payload/build-context.js';
import type { CareWorker } from '../../../src/payload/child-document.js';
import { reportingWindow, type ReportingWindow } from '../../../src/payload/reporting-window.js';
import { careWorkers } from '../../../src/payload/sections/care-workers.js';
import type { EpisodeSource } from '../../../src/payload/sections/episode-part.js';
import type { SsdRow } from '../../../src/source/ssd-row.js';
import { childRows, episode, WINDOW } from './fixtures.js';

type Overrides = Partial<Record<string, string | number | null>>;

/** A CW involvement of professional W1 on referral R1, 2025-01-01 .. open (covers 2025-03-31). */
function involvement(overrides: Overrides = {}): SsdRow {
  return {
    invo_involvements_id: 'I1',
    invo_professional_id: 'W1',
    invo_professional_role_id: 'CW',
    invo_involvement_start_date: '2025-01-01',
    invo_involvement_end_date: null,
    invo_referral_id: 'R1',
    ...overrides,
  } as SsdRow;
}
const professional = (id: string, number: string | null): SsdRow => ({ prof_professional_id: id, prof_social_worker_registration_no: number });
const plan = (overrides: Overrides = {}): SsdRow =>
  ({ cinp_cin_plan_id: 'PL1', cinp_referral_id: 'R1', cinp_cin_plan_start_date: '2025-01-01', cinp_cin_plan_end_date: null, ...overrides }) as SsdRow;

const R1: EpisodeSource = { row: episode(), id: 'R1', path: 'social_care_episodes[0]' };

function build(
  involvements: SsdRow[],
  { plans = [plan()], professionals = [professional('W1', 'SW1')], window = WINDOW }: { plans?: SsdRow[]; professionals?: SsdRow[]; window?: ReportingWindow } = {},
) {
  const ctx = createBuildContext(
    childRows({ ssd_cin_plans: plans, ssd_involvements: involvements, ssd_professionals: professionals }),
    window,
  );
  const workers = careWorkers(R1, ctx).care_worker_details;
  return { workers: (workers ?? null) as CareWorker[] | null, problems: ctx.problems.map((p) => `${p.rule} ${p.severity} ${p.path}`) };
}

describe('care_worker_details', () => {
  it('maps an active CW involvement: worker id, dates, no purge key', () => {
    expect(build([involvement({ invo_involvement_end_date: '2025-06-30' })])).to.deep.equal({
      workers: [{ worker_id: 'SW1', start_date: '2025-01-01', end_date: '2025-06-30' }],
      problems: [],
    });
  });

  const gate: { name: string; plans: SsdRow[]; sent: boolean }[] = [
    { name: 'no CIN plan: no list at all', plans: [], sent: false },
    { name: 'a plan of another referral does not count', plans: [plan({ cinp_referral_id: 'R2' })], sent: false },
    { name: 'a plan that ended before the window does not count', plans: [plan({ cinp_cin_plan_start_date: '2023-01-01', cinp_cin_plan_end_date: '2024-03-31' })], sent: false },
    { name: 'a plan ending on the window start counts', plans: [plan({ cinp_cin_plan_start_date: '2023-01-01', cinp_cin_plan_end_date: '2024-04-01' })], sent: true },
    { name: 'a padded referral id still matches', plans: [plan({ cinp_referral_id: 'R1 ' })], sent: true },
  ];
  for (const c of gate) {
    it(`CIN plan gate: ${c.name}`, () => {
      const { workers } = build([involvement()], { plans: c.plans });
      if (c.sent) expect(workers).to.have.length(1);
      else expect(workers).to.equal(null);
    });
  }

  const filters: { name: string; involvement: Overrides; professionals?: SsdRow[]; sent: boolean }[] = [
    { name: 'role trimmed, any case', involvement: { invo_professional_role_id: ' cw ' }, sent: true },
    { name: 'another role', involvement: { invo_professional_role_id: 'TM' }, sent: false },
    { name: 'another referral', involvement: { invo_referral_id: 'R2' }, sent: false },
    { name: 'professional without a registration number', involvement: {}, professionals: [professional('W1', '  ')], sent: false },
    { name: 'professional row missing', involvement: { invo_professional_id: 'W9' }, sent: false },
    { name: 'ended the day before the census date', involvement: { invo_involvement_start_date: '2024-06-01', invo_involvement_end_date: '2025-03-30' }, sent: false },
    { name: 'ends on the census date', involvement: { invo_involvement_start_date: '2024-06-01', invo_involvement_end_date: '2025-03-31' }, sent: true },
    { name: 'starts on the last census date', involvement: { invo_involvement_start_date: '2026-03-31' }, sent: true },
    { name: 'outside every census date (started after the last one)', involvement: { invo_involvement_start_date: '2026-04-01' }, sent: false },
    { name: 'outside every census date (between two)', involvement: { invo_involvement_start_date: '2025-04-01', invo_involvement_end_date: '2026-03-30' }, sent: false },
    { name: 'no start date', involvement: { invo_involvement_start_date: null }, sent: false },
  ];
  for (const c of filters) {
    it(`involvement filter: ${c.name}`, () => {
      const { workers } = build([involvement(c.involvement)], { professionals: c.professionals });
      expect(workers?.length ?? 0).to.equal(c.sent ? 1 : 0);
    });
  }

  it('checks every census date of a window spanning three of them (the middle one too)', () => {
    const window = reportingWindow('2026-03-30'); // 2023-04-01 .. 2026-03-31
    expect(window.censusDates).to.deep.equal(['2024-03-31', '2025-03-31', '2026-03-31']);
    const { workers } = build(
      [
        involvement({ invo_involvement_start_date: '2024-04-01', invo_involvement_end_date: '2025-04-30' }),
        involvement({ invo_professional_id: 'W2', invo_involvement_start_date: '2025-04-01', invo_involvement_end_date: '2026-03-30' }),
      ],
      { window, professionals: [professional('W1', 'SW1'), professional('W2', 'SW2')] },
    );
    expect(workers?.map((w) => w.worker_id)).to.deep.equal(['SW1']);
  });

  const ids: { name: string; number: string; expected: string | null; problems: string[] }[] = [
    { name: 'trimmed', number: '  SW123456 ', expected: 'SW123456', problems: [] },
    { name: 'exactly 12 kept', number: 'SW1234567890', expected: 'SW1234567890', problems: [] },
    { name: 'longer than 12: cut, warned', number: 'SW12345678901', expected: 'SW1234567890', problems: ['truncated warning social_care_episodes[0].care_worker_details.worker_id'] },
    { name: 'characters outside the pattern: worker left out, warned', number: 'SW 12/3', expected: null, problems: ['pattern warning social_care_episodes[0].care_worker_details.worker_id'] },
  ];
  for (const c of ids) {
    it(`worker_id: ${c.name}`, () => {
      const { workers, problems } = build([involvement()], { professionals: [professional('W1', c.number)] });
      expect(workers?.[0]?.worker_id ?? null).to.equal(c.expected);
      expect(problems).to.deep.equal(c.problems);
    });
  }

  it('sorts newest first, then by worker id, and lists equal items once', () => {
    const { workers } = build(
      [
        involvement({ invo_involvements_id: 'I1', invo_professional_id: 'W2', invo_involvement_start_date: '2024-05-01' }),
        involvement({ invo_involvements_id: 'I2', invo_professional_id: 'W1', invo_involvement_start_date: '2025-02-01' }),
        involvement({ invo_involvements_id: 'I3', invo_professional_id: 'W3', invo_involvement_start_date: '2025-02-01' }),
        involvement({ invo_involvements_id: 'I4', invo_professional_id: 'W1', invo_involvement_start_date: '2025-02-01' }),
        involvement({ invo_involvements_id: 'I5', invo_professional_id: 'W4', invo_involvement_start_date: '2025-02-01' }),
      ],
      { professionals: [professional('W1', 'SWB'), professional('W2', 'SWC'), professional('W3', 'SWA'), professional('W4', 'SWB')] },
    );
    expect(workers).to.deep.equal([
      { worker_id: 'SWA', start_date: '2025-02-01' },
      { worker_id: 'SWB', start_date: '2025-02-01' },
      { worker_id: 'SWC', start_date: '2024-05-01' },
    ]);
  });
});
