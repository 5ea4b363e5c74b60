import {
  hasCinPlanInWindow,
  hasEpisodeAwaitingAssessment,
  hasEpisodeInWindow,
  isCareLeaverInWindow,
  isEligibleByAge,
  isInCohort,
  isLookedAfterInWindow,
} from '../../../src/payload/cohort.js';
import { childRows, episode, person, VIEW } from './fixtures.js';
import { expect } from 'chai';

// WINDOW is 2024-04-01 .. 2026-08-11.

describe('cohort: isEligibleByAge', () => {
  it('keeps a child whose 26th birthday falls after the window start', () => {
    expect(isEligibleByAge(person({ pers_dob: '1998-04-02' }), VIEW)).to.equal(true);
  });

  it('drops a person who turned 26 on or before the window start (too old)', () => {
    expect(isEligibleByAge(person({ pers_dob: '1998-04-01' }), VIEW)).to.equal(false);
    expect(isEligibleByAge(person({ pers_dob: '1980-01-01' }), VIEW)).to.equal(false);
  });

  it('drops a date of birth after the window end', () => {
    expect(isEligibleByAge(person({ pers_dob: '2026-08-11' }), VIEW)).to.equal(true);
    expect(isEligibleByAge(person({ pers_dob: '2026-08-12' }), VIEW)).to.equal(false);
  });

  it('keeps an unborn child whose expected dob is inside the window', () => {
    expect(isEligibleByAge(person({ pers_dob: null, pers_expected_dob: '2026-08-01' }), VIEW)).to.equal(true);
  });

  it('drops an unborn child expected after the window, or with no dates at all', () => {
    expect(isEligibleByAge(person({ pers_dob: null, pers_expected_dob: '2026-09-01' }), VIEW)).to.equal(false);
    expect(isEligibleByAge(person({ pers_dob: null, pers_expected_dob: null }), VIEW)).to.equal(false);
  });
});

describe('cohort: activity rules', () => {
  it('hasEpisodeInWindow: open or closed inside the window, not closed before it', () => {
    const rule = (e: ReturnType<typeof episode>) => hasEpisodeInWindow(childRows({ ssd_cin_episodes: [e] }), VIEW);
    expect(rule(episode())).to.equal(true);
    expect(rule(episode({ cine_referral_date: '2022-01-01', cine_close_date: '2024-06-01' }))).to.equal(true);
    expect(rule(episode({ cine_referral_date: '2022-01-01', cine_close_date: '2024-03-31' }))).to.equal(false);
    expect(hasEpisodeInWindow(childRows({}), VIEW)).to.equal(false);
  });

  it('hasEpisodeAwaitingAssessment: open episode with no started assessment', () => {
    const open = episode({ cine_referral_id: 'R1' });
    const rows = (assessments: ReturnType<typeof episode>[]) =>
      childRows({ ssd_cin_episodes: [open], ssd_cin_assessments: assessments });
    expect(hasEpisodeAwaitingAssessment(rows([]), VIEW)).to.equal(true);
    expect(
      hasEpisodeAwaitingAssessment(rows([{ cina_referral_id: 'R1', cina_assessment_start_date: null }]), VIEW),
    ).to.equal(true);
    expect(
      hasEpisodeAwaitingAssessment(rows([{ cina_referral_id: 'R9', cina_assessment_start_date: '2025-02-01' }]), VIEW),
    ).to.equal(true);
    expect(
      hasEpisodeAwaitingAssessment(rows([{ cina_referral_id: 'R1', cina_assessment_start_date: '2025-02-01' }]), VIEW),
    ).to.equal(false);
    const closed = childRows({ ssd_cin_episodes: [episode({ cine_close_date: '2025-03-01' })] });
    expect(hasEpisodeAwaitingAssessment(closed, VIEW)).to.equal(false);
  });

  it('hasCinPlanInWindow: a plan overlapping the window', () => {
    const plan = (start: string, end: string | null) =>
      childRows({ ssd_cin_plans: [{ cinp_cin_plan_id: 'P1', cinp_cin_plan_start_date: start, cinp_cin_plan_end_date: end }] });
    expect(hasCinPlanInWindow(plan('2023-01-01', null), VIEW)).to.equal(true);
    expect(hasCinPlanInWindow(plan('2023-01-01', '2024-03-31'), VIEW)).to.equal(false);
  });

  it('isLookedAfterInWindow: CLA episode of an in-window referral', () => {
    const cla = { clae_cla_episode_id: 'E1', clae_referral_id: 'R1', clae_cla_id: 'CLA1' };
    expect(isLookedAfterInWindow(childRows({ ssd_cin_episodes: [episode()], ssd_cla_episodes: [cla] }), VIEW)).to.equal(true);
    const oldReferral = episode({ cine_referral_date: '2020-01-01', cine_close_date: '2021-01-01' });
    expect(isLookedAfterInWindow(childRows({ ssd_cin_episodes: [oldReferral], ssd_cla_episodes: [cla] }), VIEW)).to.equal(false);
  });

  it('isLookedAfterInWindow: a placement overlapping the window', () => {
    const placement = (end: string | null) => ({
      clap_cla_placement_id: 'PL1',
      clap_cla_id: 'CLA1',
      clap_cla_placement_start_date: '2023-05-01',
      clap_cla_placement_end_date: end,
    });
    expect(isLookedAfterInWindow(childRows({ ssd_cla_placement: [placement(null)] }), VIEW)).to.equal(true);
    expect(isLookedAfterInWindow(childRows({ ssd_cla_placement: [placement('2024-01-01')] }), VIEW)).to.equal(false);
  });

  describe('isCareLeaverInWindow', () => {
    const leaver = (dob: string, contacts: (string | null)[], episodes = [episode()]) =>
      childRows({
        ssd_person: [person({ pers_dob: dob })],
        ssd_care_leavers: contacts.map((c) => ({ clea_person_id: 'C1', clea_care_leaver_latest_contact: c })),
        ssd_cin_episodes: episodes,
      });

    it('is true for a 16-25 year old with a recent contact and an open episode', () => {
      expect(isCareLeaverInWindow(leaver('2003-01-01', ['2025-06-01', null]), VIEW)).to.equal(true);
    });

    it('needs the latest contact inside the window', () => {
      expect(isCareLeaverInWindow(leaver('2003-01-01', ['2024-01-01']), VIEW)).to.equal(false);
      expect(isCareLeaverInWindow(leaver('2003-01-01', ['2025-06-01', '2026-09-30']), VIEW)).to.equal(false);
      expect(isCareLeaverInWindow(leaver('2003-01-01', []), VIEW)).to.equal(false);
    });

    it('needs an open episode', () => {
      const closed = [episode({ cine_close_date: '2025-01-20' })];
      expect(isCareLeaverInWindow(leaver('2003-01-01', ['2025-06-01'], closed), VIEW)).to.equal(false);
    });

    it('needs dob + 16 before the window end and dob + 26 on/after its start', () => {
      expect(isCareLeaverInWindow(leaver('2010-08-11', ['2025-06-01']), VIEW)).to.equal(false); // 16 on window end
      expect(isCareLeaverInWindow(leaver('2010-08-10', ['2025-06-01']), VIEW)).to.equal(true);
      expect(isCareLeaverInWindow(leaver('1998-04-01', ['2025-06-01']), VIEW)).to.equal(true); // 26 on window start
      expect(isCareLeaverInWindow(leaver('1998-03-31', ['2025-06-01']), VIEW)).to.equal(false);
    });
  });
});

describe('cohort: isInCohort', () => {
  const withPerson = (tables: Parameters<typeof childRows>[0], p = person()) =>
    childRows({ ssd_person: [p], ...tables });

  it('is false without a person row', () => {
    expect(isInCohort(childRows({ ssd_cin_episodes: [episode()] }), VIEW)).to.equal(false);
  });

  it('is false with no social care activity', () => {
    expect(isInCohort(withPerson({}), VIEW)).to.equal(false);
  });

  it('is true with an episode in the window', () => {
    expect(isInCohort(withPerson({ ssd_cin_episodes: [episode()] }), VIEW)).to.equal(true);
  });

  it('is false when the only episode closed before the window', () => {
    const old = episode({ cine_referral_date: '2022-01-01', cine_close_date: '2024-03-01' });
    expect(isInCohort(withPerson({ ssd_cin_episodes: [old] }), VIEW)).to.equal(false);
  });

  it('is false for a too-old person even with an episode', () => {
    expect(isInCohort(withPerson({ ssd_cin_episodes: [episode()] }, person({ pers_dob: '1990-01-01' })), VIEW)).to.equal(false);
  });

  it('is true for an unborn child with an expected dob in the window and an episode', () => {
    const unborn = person({ pers_dob: null, pers_expected_dob: '2026-07-01' });
    expect(isInCohort(withPerson({ ssd_cin_episodes: [episode()] }, unborn), VIEW)).to.equal(true);
  });

  it('is true for an open episode waiting for assessment even when it does not overlap', () => {
    // Referral dated after the window end: only the waiting rule can admit the child.
    const future = episode({ cine_referral_date: '2026-09-01' });
    expect(isInCohort(withPerson({ ssd_cin_episodes: [future] }), VIEW)).to.equal(true);
    const assessed = { cina_assessment_id: 'A1', cina_referral_id: 'R1', cina_assessment_start_date: '2026-09-02' };
    expect(isInCohort(withPerson({ ssd_cin_episodes: [future], ssd_cin_assessments: [assessed] }), VIEW)).to.equal(false);
  });

  it('is true with a CIN plan only', () => {
    const plan = { cinp_cin_plan_id: 'P1', cinp_cin_plan_start_date: '2025-01-01', cinp_cin_plan_end_date: null };
    expect(isInCohort(withPerson({ ssd_cin_plans: [plan] }), VIEW)).to.equal(true);
  });

  it('is true with a CLA placement only', () => {
    const placement = { clap_cla_placement_id: 'PL1', clap_cla_placement_start_date: '2025-01-01', clap_cla_placement_end_date: null };
    expect(isInCohort(withPerson({ ssd_cla_placement: [placement] }), VIEW)).to.equal(true);
  });

  it('is true for a care leaver', () => {
    const rows = withPerson(
      {
        ssd_care_leavers: [{ clea_person_id: 'C1', clea_care_leaver_latest_contact: '2026-01-15' }],
        ssd_cin_episodes: [episode()],
      },
      person({ pers_dob: '2004-03-01' }),
    );
    expect(isInCohort(rows, VIEW)).to.equal(true);
  });
});
