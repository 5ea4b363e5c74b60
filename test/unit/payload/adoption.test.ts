import { expect } from 'chai';
import { createBuildContext } from '../../../src/payload/build-context.js';
import { adoptionPart } from '../../../src/payload/sections/adoption.js';
import type { EpisodeSource } from '../../../src/payload/sections/episode-part.js';
import type { SsdRow } from '../../../src/source/ssd-row.js';
import { childRows, episode, person, WINDOW } from './fixtures.js';

type Overrides = Partial<Record<string, string | number | null>>;

function perm(overrides: Overrides = {}): SsdRow {
  return {
    perm_table_id: 'PM1',
    perm_person_id: 'C1',
    perm_cla_id: null,
    perm_adm_decision_date: '2025-01-01',
    perm_matched_date: null,
    perm_placed_for_adoption_date: null,
    ...overrides,
  } as SsdRow;
}

const claEpisode = (claId: string): SsdRow => ({ clae_cla_episode_id: `E-${claId}`, clae_cla_id: claId, clae_referral_id: 'R1' });
const source = (id: string, index: number): EpisodeSource => ({ row: episode({ cine_referral_id: id }), id, path: `social_care_episodes[${index}]` });

function build(perms: SsdRow[], claIds: string[] = [], personId = 'C1') {
  const rows = childRows({
    ssd_person: [person({ pers_person_id: personId })],
    ssd_cla_episodes: claIds.map(claEpisode),
    ssd_permanence: perms,
  });
  const ctx = createBuildContext(rows, WINDOW);
  return { adoption: adoptionPart(source('R1', 0), ctx).adoption ?? null, ctx };
}

describe('adoption', () => {
  const cases: { name: string; perms: SsdRow[]; claIds?: string[]; expected: object | null }[] = [
    {
      name: 'maps the three dates and purge false',
      perms: [perm({ perm_adm_decision_date: '2024-05-01', perm_matched_date: '2024-09-01', perm_placed_for_adoption_date: '2024-10-01' })],
      expected: { initial_decision_date: '2024-05-01', matched_date: '2024-09-01', placed_date: '2024-10-01', purge: false },
    },
    {
      name: 'reached only by CLA id (perm_person_id holds the legacy id)',
      perms: [perm({ perm_person_id: 'LEG-1', perm_cla_id: ' CLA7 ', perm_matched_date: '2025-03-01' })],
      claIds: ['CLA7'],
      expected: { initial_decision_date: '2025-01-01', matched_date: '2025-03-01', purge: false },
    },
    {
      name: 'ignores a row of another person and another CLA id',
      perms: [perm({ perm_person_id: 'C2', perm_cla_id: 'CLA9' })],
      claIds: ['CLA7'],
      expected: null,
    },
    {
      name: 'needs one of the dates in the window (all before the window start: out)',
      perms: [perm({ perm_adm_decision_date: '2024-03-31', perm_matched_date: '2023-01-01' })],
      expected: null,
    },
    {
      name: 'one date in the window is enough; the others are sent as they are',
      perms: [perm({ perm_adm_decision_date: '2023-01-01', perm_placed_for_adoption_date: '2024-04-01' })],
      expected: { initial_decision_date: '2023-01-01', placed_date: '2024-04-01', purge: false },
    },
    {
      name: 'a date after the window end does not count',
      perms: [perm({ perm_adm_decision_date: '2026-08-12' })],
      expected: null,
    },
    {
      name: 'latest by the latest of its dates wins',
      perms: [
        perm({ perm_table_id: 'OLD', perm_adm_decision_date: '2025-06-01' }),
        perm({ perm_table_id: 'NEW', perm_adm_decision_date: '2024-05-01', perm_placed_for_adoption_date: '2025-07-01' }),
      ],
      expected: { initial_decision_date: '2024-05-01', placed_date: '2025-07-01', purge: false },
    },
    {
      name: 'ties on the date go to the highest perm_table_id',
      perms: [
        perm({ perm_table_id: 'A', perm_matched_date: '2025-02-02' }),
        perm({ perm_table_id: 'B', perm_adm_decision_date: '2025-02-02' }),
      ],
      expected: { initial_decision_date: '2025-02-02', purge: false },
    },
    { name: 'no permanence rows: no block', perms: [], expected: null },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(build(c.perms, c.claIds).adoption).to.deep.equal(c.expected);
    });
  }

  it('repeats the same object in every episode, as separate copies', () => {
    const { ctx } = build([perm()]);
    const first = adoptionPart(source('R1', 0), ctx).adoption;
    const second = adoptionPart(source('R2', 1), ctx).adoption;
    expect(second).to.deep.equal(first);
    expect(second).to.not.equal(first);
  });
});
