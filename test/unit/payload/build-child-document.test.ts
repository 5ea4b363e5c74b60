import { buildChildDocument } from '../../../src/payload/build-child-document.js';
import { createBuildSettings } from '../../../src/payload/build-settings.js';
import { compact } from '../../../src/payload/compact.js';
import { childRows, episode, person, WINDOW } from './fixtures.js';
import { expect } from 'chai';

describe('buildChildDocument', () => {
  const inCohort = (p = person()) => childRows({ ssd_person: [p], ssd_cin_episodes: [episode()] });

  it('returns no document when the person row is missing', () => {
    expect(buildChildDocument(childRows({ ssd_cin_episodes: [episode()] }), WINDOW)).to.deep.equal({
      document: null,
      problems: [],
      changesOn: null,
    });
  });

  it('returns no document for a child left out of the LA cohort list (payload.md: it can restrict the cohort)', () => {
    expect(buildChildDocument(inCohort(), WINDOW, createBuildSettings({}, ['C2', 'C3'])).document).to.equal(null);
    expect(buildChildDocument(inCohort(), WINDOW, createBuildSettings({}, ['C1'])).document).to.not.equal(null);
  });

  it('keys its settings: another code spelling or cohort list gives another key', () => {
    const keys = [createBuildSettings(), createBuildSettings({ careLeaverActivity: { x: 'F1' } }), createBuildSettings({}, ['C1']), createBuildSettings({}, ['C1', 'C1'])].map((s) => s.key);
    expect(new Set(keys).size).to.equal(3);
    expect(keys[2]).to.equal(keys[3]);
  });

  it('returns no document for a child outside the cohort', () => {
    expect(buildChildDocument(childRows({ ssd_person: [person()] }), WINDOW).document).to.equal(null);
  });

  it('builds the whole document of a child in the cohort', () => {
    const { document, problems } = buildChildDocument(inCohort(), WINDOW);
    expect(problems).to.deep.equal([]);
    expect(document).to.deep.equal({
      la_child_id: 'C1',
      mis_child_id: 'LEG-1',
      purge: false,
      child_details: {
        unique_pupil_number: 'A123456789012',
        first_name: 'Ann',
        surname: 'Example',
        date_of_birth: '2016-05-01',
        sex: 'F',
        ethnicity: 'WBRI',
        disabilities: ['NONE'],
        uasc_flag: false,
        purge: false,
      },
      social_care_episodes: [
        {
          social_care_episode_id: 'R1',
          referral_date: '2025-01-10',
          referral_source: '1A',
          referral_no_further_action_flag: false,
          purge: false,
        },
      ],
    });
  });

  it('leaves out nulls and empty lists (no episodes in the window, no legacy id)', () => {
    const plan = { cinp_cin_plan_id: 'P1', cinp_cin_plan_start_date: '2025-01-01', cinp_cin_plan_end_date: null };
    const rows = childRows({ ssd_person: [person({ pers_legacy_id: '  ' })], ssd_cin_plans: [plan] });
    const { document } = buildChildDocument(rows, WINDOW);
    expect(document).to.have.all.keys('la_child_id', 'purge', 'child_details');
    expect(JSON.stringify(document)).to.not.include('null');
  });

  it('reports an invalid la_child_id as an error but still returns the document unaltered', () => {
    const { document, problems } = buildChildDocument(inCohort(person({ pers_person_id: 'ABC_123-XYZ 0123456789' })), WINDOW);
    expect(document?.la_child_id).to.equal('ABC_123-XYZ 0123456789');
    expect(problems).to.deep.equal([
      { path: 'la_child_id', rule: 'maxLength', severity: 'error', detail: 'length 22 exceeds 20' },
      {
        path: 'la_child_id',
        rule: 'pattern',
        severity: 'error',
        detail: 'characters outside [A-Za-z0-9]: underscore or hyphen, whitespace',
      },
    ]);
  });

  it('sends a numeric person id as text', () => {
    const { document } = buildChildDocument(inCohort(person({ pers_person_id: 9001 })), WINDOW);
    expect(document?.la_child_id).to.equal('9001');
  });

  it('leaves out a legacy id that does not fit, with a warning', () => {
    const { document, problems } = buildChildDocument(inCohort(person({ pers_legacy_id: 'LEG/1' })), WINDOW);
    expect(document).to.not.have.property('mis_child_id');
    expect(problems).to.deep.equal([
      {
        path: 'mis_child_id',
        rule: 'pattern',
        severity: 'warning',
        detail: 'characters outside [A-Za-z0-9_-]: punctuation; left out',
      },
    ]);
    const long = buildChildDocument(inCohort(person({ pers_legacy_id: 'L'.repeat(37) })), WINDOW);
    expect(long.document).to.not.have.property('mis_child_id');
    expect(long.problems.map((p) => p.rule)).to.deep.equal(['maxLength']);
  });

  it('trims the legacy id', () => {
    const { document } = buildChildDocument(inCohort(person({ pers_legacy_id: ' LEG_9 ' })), WINDOW);
    expect(document?.mis_child_id).to.equal('LEG_9');
  });
});

describe('compact', () => {
  it('drops null, undefined and empty arrays, keeps false, 0, "" and named empty arrays', () => {
    const draft = { a: null, b: undefined, c: [], d: false, e: 0, f: [1], g: [] as number[] };
    expect(compact<typeof draft>(draft, ['g'])).to.deep.equal({ d: false, e: 0, f: [1], g: [] });
  });
});
