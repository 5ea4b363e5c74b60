import { expect } from 'chai';
import { addDays } from '../../../src/core/iso-date.js';
import { buildChildDocument } from '../../../src/payload/build-child-document.js';
import { reportingWindow } from '../../../src/payload/reporting-window.js';
import { outcomeKey, validUntil, windowsByDay } from '../../../src/payload/valid-until.js';
import { watchWindow, type WindowView } from '../../../src/payload/window-watch.js';
import { Random } from '../../../src/simulate/random.js';
import type { SsdRow } from '../../../src/source/ssd-row.js';
import { randomChild } from '../../helpers/random-child.js';
import { childRows, episode, person } from './fixtures.js';

const windows = windowsByDay();
/** validUntil of `rows` built on `today`, with the usual probe limit. */
const dueDay = (rows: ReturnType<typeof randomChild>, today: string): string | null =>
  validUntil(buildChildDocument(rows, windows(today)), (day) => buildChildDocument(rows, windows(day)));
const outcomeOn = (rows: ReturnType<typeof randomChild>, day: string): string => outcomeKey(buildChildDocument(rows, windows(day)));

/** Asks one question of a fresh watch for `day`; returns the answer and the watch's change day. */
function ask(day: string, question: (w: WindowView) => boolean): { answer: boolean; changesOn: string | null } {
  const watch = watchWindow(reportingWindow(day));
  return { answer: question(watch), changesOn: watch.changesOn() };
}

/** The first day after `day`, up to `horizon` days on, whose answer differs (brute force). */
function firstFlip(day: string, horizon: number, question: (w: WindowView) => boolean): string | null {
  const now = ask(day, question).answer;
  for (let d = 1; d <= horizon; d += 1) {
    const later = addDays(day, d);
    if (ask(later, question).answer !== now) return later;
  }
  return null;
}

describe('window watch: when an answer about time changes', () => {
  const r = new Random(41);
  const questions: Array<[string, (x: string, y: string) => (w: WindowView) => boolean]> = [
    ['startsBy', (x) => (w) => w.startsBy(x)],
    ['startsBefore', (x) => (w) => w.startsBefore(x)],
    ['reaches', (x) => (w) => w.reaches(x)],
    ['reachesBeyond', (x) => (w) => w.reachesBeyond(x)],
    ['overlaps', (x, y) => (w) => w.overlaps(x, y < x ? null : y)],
    ['contains', (x) => (w) => w.contains(x)],
    ['hasCensusDateIn', (x, y) => (w) => w.hasCensusDateIn(x, y < x ? null : y)],
  ];
  for (const [name, make] of questions) {
    it(`${name}: the recorded day is exactly the first day the answer differs (random dates, brute force)`, () => {
      for (let i = 0; i < 25; i += 1) {
        const today = r.dateBetween('2025-01-01', '2027-12-31');
        const x = r.dateBetween(addDays(today, -1300), addDays(today, 500));
        const y = r.dateBetween(addDays(today, -900), addDays(today, 700));
        const question = make(x, y);
        const { changesOn } = ask(today, question);
        const horizon = 1200;
        const expected = firstFlip(today, horizon, question);
        const recorded = changesOn !== null && changesOn > addDays(today, horizon) ? null : changesOn;
        expect(recorded, `${name}(${x}, ${y}) on ${today}`).to.equal(expected);
      }
    });
  }

  it('says a window start on 1 April passes a date on the right 1 April, also for 31 March and 1 April dates', () => {
    expect(ask('2026-08-10', (w) => w.startsBy('2025-03-31')).changesOn).to.equal('2027-04-01');
    expect(ask('2026-08-10', (w) => w.startsBy('2025-04-01')).changesOn).to.equal('2028-04-01');
    expect(ask('2026-08-10', (w) => w.startsBefore('2025-04-01')).changesOn).to.equal('2027-04-01');
    expect(ask('2026-08-10', (w) => w.startsBefore('2025-04-02')).changesOn).to.equal('2028-04-01');
  });

  it('handles placeholder dates at both ends of YYYY-MM-DD (year 1, year 9999)', () => {
    expect(ask('2026-08-10', (w) => w.hasCensusDateIn('9999-06-01', null))).to.deep.equal({ answer: false, changesOn: null });
    expect(ask('2026-08-10', (w) => w.startsBefore('0027-01-01'))).to.deep.equal({ answer: false, changesOn: null });
    const rows = childRows({ ssd_person: [person({ pers_dob: '0001-01-01' })], ssd_cin_episodes: [episode()] });
    expect(buildChildDocument(rows, windows('2026-08-10')).document).to.equal(null);
    expect(dueDay(rows, '2026-08-10')).to.equal(null);
  });

  it('records nothing for answers time can no longer change', () => {
    expect(ask('2026-08-10', (w) => w.reaches('2026-01-01')).changesOn).to.equal(null);
    expect(ask('2026-08-10', (w) => w.startsBy('2020-01-01')).changesOn).to.equal(null);
    expect(ask('2026-08-10', (w) => w.overlaps('2025-01-01', null)).changesOn).to.equal(null);
  });
});

describe('validUntil: the first day a document changes by time alone', () => {
  it('random children: the outcome is the same on every day before it and differs on it', function () {
    this.timeout(60_000);
    const r = new Random(5);
    let dated = 0;
    for (let seed = 0; seed < 80; seed += 1) {
      const today = r.dateBetween('2025-09-01', '2027-03-25');
      const rows = randomChild(seed, today);
      const built = buildChildDocument(rows, windows(today));
      const buildOn = (day: string) => buildChildDocument(rows, windows(day));
      const exact = validUntil(built, buildOn, 1000);
      const start = outcomeKey(built);
      const horizon = 420;
      for (let d = 1; d <= horizon; d += 1) {
        const day = addDays(today, d);
        if (exact !== null && day >= exact) break;
        expect(outcomeOn(rows, day), `child ${seed} from ${today}: changed on ${day}, before ${exact}`).to.equal(start);
      }
      if (exact !== null && exact <= addDays(today, horizon)) {
        dated += 1;
        expect(outcomeOn(rows, exact), `child ${seed} from ${today}: unchanged on ${exact}`).to.not.equal(start);
      }
      // With the usual probe limit the day may come early, never late.
      const usual = validUntil(built, buildOn);
      if (exact !== null) expect(usual !== null && usual <= exact, `child ${seed}`).to.equal(true);
    }
    expect(dated, 'children whose document changes within the horizon').to.be.greaterThan(20);
  });

  const cases: Array<{ name: string; rows: SsdRow[][]; today: string; expected: string | null }> = [
    { name: 'an episode closed before the next window start leaves on 1 April', rows: [[person()], [episode({ cine_referral_date: '2024-05-01', cine_close_date: '2025-02-01' })]], today: '2026-08-10', expected: '2027-04-01' },
    { name: 'an open episode never leaves: only turning 26 ends the document (born 2016-05-01)', rows: [[person()], [episode()]], today: '2026-08-10', expected: '2045-04-01' },
    { name: 'a future referral enters the day the window end reaches it', rows: [[person()], [episode({ cine_referral_date: '2026-09-01' })]], today: '2026-08-10', expected: '2026-08-31' },
    { name: 'a child who turned 26 on 2026-06-01 leaves when the window start passes the birthday', rows: [[person({ pers_dob: '2000-06-01' })], [episode()]], today: '2026-08-10', expected: '2029-04-01' },
    { name: 'an unborn child enters when the expected date comes into the window', rows: [[person({ pers_dob: null, pers_expected_dob: '2026-10-01' })], [episode()]], today: '2026-08-10', expected: '2026-09-30' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const rows = childRows({ ssd_person: c.rows[0] ?? [], ssd_cin_episodes: c.rows[1] ?? [] });
      expect(dueDay(rows, c.today)).to.equal(c.expected);
    });
  }

  it('a child kept in the cohort by a second rule is not due when the first rule lapses', () => {
    // In the cohort by a CIN plan that lapses on 2027-04-01 and by an open placement that no
    // episode joins: neither is in the document, so only turning 26 changes it.
    const rows = childRows({
      ssd_person: [person()],
      ssd_cin_plans: [{ cinp_cin_plan_id: 'P1', cinp_referral_id: 'R9', cinp_person_id: 'C1', cinp_cin_plan_start_date: '2024-05-01', cinp_cin_plan_end_date: '2025-01-01' }],
      ssd_cla_placement: [{ clap_cla_placement_id: 'L1', clap_cla_id: 'CLA9', clap_cla_placement_start_date: '2025-01-01', clap_cla_placement_end_date: null }],
    });
    const built = buildChildDocument(rows, windows('2026-08-10'));
    expect(built.document).to.not.equal(null);
    expect(built.changesOn, 'the plan rule lapses').to.equal('2027-04-01');
    expect(validUntil(built, (day) => buildChildDocument(rows, windows(day))), 'but the document stays the same until the child turns 26').to.equal('2045-04-01');
  });

  it('a care worker enters on 30 March, when the window end reaches the new census date', () => {
    const rows = childRows({
      ssd_person: [person()],
      ssd_cin_episodes: [episode()],
      ssd_cin_plans: [{ cinp_cin_plan_id: 'P1', cinp_referral_id: 'R1', cinp_person_id: 'C1', cinp_cin_plan_start_date: '2025-01-01', cinp_cin_plan_end_date: null }],
      ssd_involvements: [{ invo_involvements_id: 'V1', invo_professional_id: 'W1', invo_professional_role_id: 'CW', invo_referral_id: 'R1', invo_involvement_start_date: '2026-09-01', invo_involvement_end_date: null }],
      ssd_professionals: [{ prof_professional_id: 'W1', prof_social_worker_registration_no: 'SW1' }],
    });
    expect(dueDay(rows, '2026-08-10')).to.equal('2027-03-30');
  });
});
