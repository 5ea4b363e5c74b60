import { expect } from 'chai';
import { createBuildContext } from '../../../src/payload/build-context.js';
import { careLeaversPart } from '../../../src/payload/sections/care-leavers.js';
import type { EpisodeSource } from '../../../src/payload/sections/episode-part.js';
import type { SsdRow } from '../../../src/source/ssd-row.js';
import { childRows, episode, WINDOW } from './fixtures.js';

type Overrides = Partial<Record<string, string | number | null>>;

function leaver(overrides: Overrides = {}): SsdRow {
  return {
    clea_table_id: 'G1',
    clea_person_id: 'C1',
    clea_care_leaver_latest_contact: '2025-05-01',
    clea_care_leaver_activity: 'F2',
    clea_care_leaver_accommodation: 'D',
    ...overrides,
  } as SsdRow;
}

const source = (index: number): EpisodeSource => ({ row: episode(), id: `R${index}`, path: `social_care_episodes[${index}]` });

function build(rows: SsdRow[]) {
  const ctx = createBuildContext(childRows({ ssd_care_leavers: rows }), WINDOW);
  const block = careLeaversPart(source(0), ctx).care_leavers ?? null;
  return { block, ctx, problems: ctx.problems.map((p) => `${p.rule} ${p.severity} ${p.path}`) };
}

describe('care_leavers', () => {
  const codes: { name: string; activity: string | null; accommodation: string | null; expected: object; problems: string[] }[] = [
    { name: 'exact codes', activity: 'F2', accommodation: 'D', expected: { activity: 'F2', accommodation: 'D' }, problems: [] },
    { name: 'padded, lower case codes', activity: ' g6  ', accommodation: 'u ', expected: { activity: 'G6', accommodation: 'U' }, problems: [] },
    {
      name: 'a code followed by a space or dash, then a description',
      activity: 'P1 - Part time education',
      accommodation: 'B-Bed and breakfast',
      expected: { activity: 'P1', accommodation: 'B' },
      problems: [],
    },
    {
      name: 'a description instead of a code: left out with a warning',
      activity: 'Full time education',
      accommodation: 'Semi-independent living',
      expected: {},
      problems: [
        'code warning social_care_episodes[0].care_leavers.activity',
        'code warning social_care_episodes[0].care_leavers.accommodation',
      ],
    },
    {
      name: 'a description whose first word looks like a letter is not taken for a code',
      activity: 'F2nd year',
      accommodation: 'A flat',
      expected: {},
      problems: [
        'code warning social_care_episodes[0].care_leavers.activity',
        'code warning social_care_episodes[0].care_leavers.accommodation',
      ],
    },
    { name: 'blank values: left out silently', activity: '  ', accommodation: null, expected: {}, problems: [] },
  ];
  for (const c of codes) {
    it(`activity and accommodation: ${c.name}`, () => {
      const { block, problems } = build([leaver({ clea_care_leaver_activity: c.activity, clea_care_leaver_accommodation: c.accommodation })]);
      expect(block).to.deep.equal({ contact_date: '2025-05-01', ...c.expected, purge: false });
      expect(problems).to.deep.equal(c.problems);
    });
  }

  const choice: { name: string; rows: SsdRow[]; expected: object | null }[] = [
    { name: 'no row: no block', rows: [], expected: null },
    {
      name: 'latest contact wins, with no window filter (contact before the window)',
      rows: [
        leaver({ clea_table_id: 'Z', clea_care_leaver_latest_contact: '2020-01-01', clea_care_leaver_activity: 'G4' }),
        leaver({ clea_table_id: 'A', clea_care_leaver_latest_contact: '2021-01-01', clea_care_leaver_activity: 'P5' }),
      ],
      expected: { contact_date: '2021-01-01', activity: 'P5', accommodation: 'D', purge: false },
    },
    {
      name: 'a row without a contact date comes last',
      rows: [
        leaver({ clea_table_id: 'Z', clea_care_leaver_latest_contact: null, clea_care_leaver_activity: 'G4' }),
        leaver({ clea_table_id: 'A', clea_care_leaver_latest_contact: '2021-01-01', clea_care_leaver_activity: 'P5' }),
      ],
      expected: { contact_date: '2021-01-01', activity: 'P5', accommodation: 'D', purge: false },
    },
    {
      name: 'ties on contact go to the highest clea_table_id',
      rows: [leaver({ clea_table_id: 'B', clea_care_leaver_activity: 'F4' }), leaver({ clea_table_id: 'A', clea_care_leaver_activity: 'G5' })],
      expected: { contact_date: '2025-05-01', activity: 'F4', accommodation: 'D', purge: false },
    },
    {
      name: 'a row with only a contact date still gives a block',
      rows: [leaver({ clea_care_leaver_activity: null, clea_care_leaver_accommodation: null })],
      expected: { contact_date: '2025-05-01', purge: false },
    },
  ];
  for (const c of choice) {
    it(c.name, () => {
      expect(build(c.rows).block).to.deep.equal(c.expected);
      expect(build([...c.rows].reverse()).block).to.deep.equal(c.expected);
    });
  }

  it('repeats the block in every episode but reports its problems once', () => {
    const { ctx, block } = build([leaver({ clea_care_leaver_activity: 'Unknown' })]);
    const again = careLeaversPart(source(1), ctx).care_leavers;
    expect(again).to.deep.equal(block);
    expect(again).to.not.equal(block);
    expect(ctx.problems).to.have.length(1);
  });
});
