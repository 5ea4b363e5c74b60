import { expect } from 'chai';
import { createBuildContext } from '../../../src/payload/build-context.js';
import type { ChildLookedAfterPlacement } from '../../../src/payload/child-document.js';
import { claPlacements } from '../../../src/payload/sections/cla-placements.js';
import type { EpisodeSource } from '../../../src/payload/sections/episode-part.js';
import type { SsdRow } from '../../../src/source/ssd-row.js';
import { childRows, episode, WINDOW } from './fixtures.js';

type Overrides = Partial<Record<string, string | number | null>>;

/** A CLA episode of referral R1 in period of care CLA1. */
function claEpisode(overrides: Overrides = {}): SsdRow {
  return {
    clae_cla_episode_id: 'E1',
    clae_person_id: 'C1',
    clae_cla_id: 'CLA1',
    clae_referral_id: 'R1',
    clae_cla_episode_start_reason: 'S',
    clae_cla_episode_ceased_reason: 'E11',
    ...overrides,
  } as SsdRow;
}

/** A placement in period of care CLA1 from 2025-02-01, still open. */
function placement(overrides: Overrides = {}): SsdRow {
  return {
    clap_cla_placement_id: 'P1',
    clap_cla_id: 'CLA1',
    clap_person_id: 'C1',
    clap_cla_placement_start_date: '2025-02-01',
    clap_cla_placement_type: 'K1',
    clap_cla_placement_postcode: 'AB1 2CD',
    clap_cla_placement_end_date: null,
    clap_cla_placement_change_reason: 'CHILD',
    ...overrides,
  } as SsdRow;
}

const R1: EpisodeSource = { row: episode(), id: 'R1', path: 'social_care_episodes[0]' };

function build(placements: SsdRow[], claEpisodes: SsdRow[] = [claEpisode()]) {
  const ctx = createBuildContext(
    childRows({ ssd_cla_episodes: claEpisodes, ssd_cla_placement: placements }),
    WINDOW,
  );
  const items = (claPlacements(R1, ctx).child_looked_after_placements ?? []) as ChildLookedAfterPlacement[];
  return { items, problems: ctx.problems.map((p) => `${p.severity} ${p.rule} ${p.path}`) };
}

describe('child_looked_after_placements', () => {
  it('maps a placement with every field, purge false, reasons from the episode', () => {
    expect(build([placement({ clap_cla_placement_end_date: '2025-06-30' })])).to.deep.equal({
      items: [
        {
          child_looked_after_placement_id: 'P1',
          start_date: '2025-02-01',
          start_reason: 'S',
          postcode: 'AB1 2CD',
          placement_type: 'K1',
          end_date: '2025-06-30',
          end_reason: 'E11',
          change_reason: 'CHILD',
          purge: false,
        },
      ],
      problems: [],
    });
  });

  const selection: { name: string; placements: SsdRow[]; claEpisodes?: SsdRow[]; ids: string[] }[] = [
    {
      name: 'joins only through CLA episodes of this referral',
      placements: [placement({ clap_cla_placement_id: 'MINE' }), placement({ clap_cla_placement_id: 'OTHER', clap_cla_id: 'CLA2' })],
      claEpisodes: [claEpisode(), claEpisode({ clae_cla_id: 'CLA2', clae_referral_id: 'R2' })],
      ids: ['MINE'],
    },
    {
      name: 'ignores a placement whose CLA id matches no episode, and episodes with no CLA id',
      placements: [placement({ clap_cla_id: null }), placement({ clap_cla_placement_id: 'X', clap_cla_id: 'NOPE' })],
      claEpisodes: [claEpisode({ clae_cla_id: null })],
      ids: [],
    },
    {
      name: 'matches CLA and referral ids after trimming (char padding, Mosaic ints)',
      placements: [placement({ clap_cla_id: ' CLA1 ' })],
      claEpisodes: [claEpisode({ clae_referral_id: 'R1  ' })],
      ids: ['P1'],
    },
    {
      name: 'keeps placements overlapping the window only',
      placements: [
        placement({ clap_cla_placement_id: 'ENDED', clap_cla_placement_start_date: '2023-01-01', clap_cla_placement_end_date: '2024-03-31' }),
        placement({ clap_cla_placement_id: 'EDGE', clap_cla_placement_start_date: '2023-01-01', clap_cla_placement_end_date: '2024-04-01' }),
        placement({ clap_cla_placement_id: 'FUTURE', clap_cla_placement_start_date: '2026-08-12' }),
        placement({ clap_cla_placement_id: 'LAST', clap_cla_placement_start_date: '2026-08-11' }),
        placement({ clap_cla_placement_id: 'NOSTART', clap_cla_placement_start_date: null }),
      ],
      ids: ['LAST', 'EDGE'],
    },
    {
      name: 'sorts newest first, then by id',
      placements: [
        placement({ clap_cla_placement_id: 'B', clap_cla_placement_start_date: '2025-01-01' }),
        placement({ clap_cla_placement_id: 'C', clap_cla_placement_start_date: '2024-06-01' }),
        placement({ clap_cla_placement_id: 'A', clap_cla_placement_start_date: '2025-01-01' }),
        placement({ clap_cla_placement_id: 'D', clap_cla_placement_start_date: '2026-01-01' }),
      ],
      ids: ['D', 'A', 'B', 'C'],
    },
    {
      name: 'lists a placement once even when several episodes share its CLA id',
      placements: [placement()],
      claEpisodes: [claEpisode(), claEpisode({ clae_cla_episode_id: 'E2' })],
      ids: ['P1'],
    },
  ];
  for (const c of selection) {
    it(c.name, () => {
      expect(build(c.placements, c.claEpisodes).items.map((i) => i.child_looked_after_placement_id)).to.deep.equal(c.ids);
    });
  }

  const fields: {
    name: string;
    placement?: Overrides;
    claEpisodes?: SsdRow[];
    expected: Partial<ChildLookedAfterPlacement>;
    problems: string[];
  }[] = [
    {
      name: 'end date before start: omitted (placement still in the window by its own dates), warned',
      placement: { clap_cla_placement_start_date: '2025-02-01', clap_cla_placement_end_date: '2025-01-31' },
      expected: { end_date: undefined },
      problems: ['warning dateOrder social_care_episodes[0].child_looked_after_placements[0].end_date'],
    },
    {
      name: 'end date equal to start is kept',
      placement: { clap_cla_placement_end_date: '2025-02-01' },
      expected: { end_date: '2025-02-01' },
      problems: [],
    },
    {
      name: 'start reason: a code, a code and its description, or a DfE description; smallest across joined episodes',
      claEpisodes: [
        claEpisode({ clae_cla_episode_start_reason: ' T - Change of both legal status and placement' }),
        claEpisode({ clae_cla_episode_start_reason: 'started to be looked-after' }),
        claEpisode({ clae_cla_episode_start_reason: '  ' }),
        claEpisode({ clae_cla_episode_start_reason: 'B', clae_referral_id: 'R2' }),
      ],
      expected: { start_reason: 'S' },
      problems: [],
    },
    {
      name: 'a start reason that is no code and no known description is left out with a warning, never cut',
      claEpisodes: [claEpisode({ clae_cla_episode_start_reason: 'Voluntary' }), claEpisode({ clae_cla_episode_start_reason: 'Change of legal status' })],
      expected: { start_reason: undefined },
      problems: ['warning code social_care_episodes[0].child_looked_after_placements[0].start_reason', 'warning code social_care_episodes[0].child_looked_after_placements[0].start_reason'],
    },
    {
      name: 'end reason: spaces inside a code ignored, smallest across joined episodes',
      claEpisodes: [
        claEpisode({ clae_cla_episode_ceased_reason: 'E4 A' }),
        claEpisode({ clae_cla_episode_ceased_reason: ' E 1 2 ' }),
      ],
      expected: { end_reason: 'E12' },
      problems: [],
    },
    {
      name: 'end reason: a code and its description, the longest code first (E41, not E4-)',
      claEpisodes: [claEpisode({ clae_cla_episode_ceased_reason: 'E41 - Residence order granted' })],
      expected: { end_reason: 'E41' },
      problems: [],
    },
    {
      name: 'end reason: X1 followed by its description (a period of care goes on)',
      claEpisodes: [claEpisode({ clae_cla_episode_ceased_reason: 'X1 - Episode ceases and new episode begins' })],
      expected: { end_reason: 'X1' },
      problems: [],
    },
    {
      name: 'end reason: a DfE description, and an unknown one left out with a warning',
      claEpisodes: [claEpisode({ clae_cla_episode_ceased_reason: 'Died' }), claEpisode({ clae_cla_episode_ceased_reason: 'Returned home' })],
      expected: { end_reason: 'E2' },
      problems: ['warning code social_care_episodes[0].child_looked_after_placements[0].end_reason'],
    },
    {
      name: 'no reasons when the joined episodes have none',
      claEpisodes: [claEpisode({ clae_cla_episode_start_reason: null, clae_cla_episode_ceased_reason: ' ' })],
      expected: { start_reason: undefined, end_reason: undefined },
      problems: [],
    },
    {
      name: 'placement type trimmed and cut to 3 with a warning',
      placement: { clap_cla_placement_type: ' U4 - foster ' },
      expected: { placement_type: 'U4' }, // cut to 'U4 ', and the space the cut left is not sent
      problems: ['warning truncated social_care_episodes[0].child_looked_after_placements[0].placement_type'],
    },
    {
      name: 'placement type of 3 characters is kept (OpenAPI 1.0.0+)',
      placement: { clap_cla_placement_type: 'Z1X' },
      expected: { placement_type: 'Z1X' },
      problems: [],
    },
    {
      name: 'postcode over 8 is left out with a warning',
      placement: { clap_cla_placement_postcode: 'AB12 3CDE' },
      expected: { postcode: undefined },
      problems: ['warning maxLength social_care_episodes[0].child_looked_after_placements[0].postcode'],
    },
    {
      name: 'change reason over 6 is left out with a warning; 6 is kept',
      placement: { clap_cla_placement_change_reason: 'CHILD-X' },
      expected: { change_reason: undefined },
      problems: ['warning maxLength social_care_episodes[0].child_looked_after_placements[0].change_reason'],
    },
    {
      name: 'change reason of exactly 6 characters is kept',
      placement: { clap_cla_placement_change_reason: 'CARPL1' },
      expected: { change_reason: 'CARPL1' },
      problems: [],
    },
    {
      name: 'an id the contract rejects is an error but kept unaltered',
      placement: { clap_cla_placement_id: 'P.1' },
      expected: { child_looked_after_placement_id: 'P.1' },
      problems: ['error pattern social_care_episodes[0].child_looked_after_placements[0].child_looked_after_placement_id'],
    },
  ];
  for (const c of fields) {
    it(c.name, () => {
      const { items, problems } = build([placement(c.placement)], c.claEpisodes);
      expect(items).to.have.length(1);
      for (const [key, value] of Object.entries(c.expected)) {
        if (value === undefined) expect(items[0]).to.not.have.property(key);
        else expect(items[0]).to.have.property(key, value);
      }
      expect(problems).to.deep.equal(c.problems);
    });
  }

  it('leaves out a placement with no id, reported as an error', () => {
    const { items, problems } = build([placement({ clap_cla_placement_id: ' ' }), placement({ clap_cla_placement_id: 'OK' })]);
    expect(items.map((i) => i.child_looked_after_placement_id)).to.deep.equal(['OK']);
    expect(problems).to.deep.equal(['error required social_care_episodes[0].child_looked_after_placements']);
  });

  it('returns an empty list (left out by the episode) when nothing joins', () => {
    expect(build([placement()], []).items).to.deep.equal([]);
  });
});
