import { expect } from 'chai';
import { DEFAULT_GUARDS } from '../../src/pipeline/delete-guard.js';
import { addLoss, checkPurgeGuard, emptyTally, type HeldParts } from '../../src/pipeline/purge-guard.js';

const held = (parts: Record<string, number>, children: number): (() => Promise<HeldParts>) => {
  const counted = { calls: 0 };
  const fn = async (): Promise<HeldParts> => {
    counted.calls += 1;
    return { parts: new Map(Object.entries(parts)), children };
  };
  return Object.assign(fn, { counted });
};

describe('mass-purge guard (items and sections of updated children)', () => {
  it('allows up to the share of the items of each kind the API holds, and always the minimum, counting what the API holds only when needed', async () => {
    const tally = emptyTally();
    addLoss(tally, { purged: new Map([['social_care_episodes', 25]]), emptied: [] });
    const lookup = held({ social_care_episodes: 40 }, 30);
    await checkPurgeGuard(tally, lookup, DEFAULT_GUARDS);
    expect((lookup as unknown as { counted: { calls: number } }).counted.calls, 'at the minimum: nothing counted').to.equal(0);
    addLoss(tally, { purged: new Map([['social_care_episodes', 75]]), emptied: [] });
    await checkPurgeGuard(tally, held({ social_care_episodes: 1000 }, 300), DEFAULT_GUARDS);
    const error = await checkPurgeGuard(tally, held({ social_care_episodes: 999 }, 300), DEFAULT_GUARDS).catch((e: unknown) => e);
    expect((error as { code?: string }).code).to.equal('MASS_PURGE_GUARD');
    expect((error as Error).message).to.match(/would take from the API more than capture\.maxPurgedShare=0\.1 allows: 100 of the 999 social care episodes \(ssd_cin_episodes\) it holds \(at most 99\)\. No update/);
    expect((error as Error).message).to.match(/--allow-mass-delete$/);
    await checkPurgeGuard(tally, held({}, 0), { ...DEFAULT_GUARDS, maxPurgedShare: 1 });
  });

  it('stops a cycle that would empty a section for many children, naming it', async () => {
    const tally = emptyTally();
    for (let i = 0; i < 40; i += 1) addLoss(tally, { purged: new Map(), emptied: ['care_worker_details'] });
    const error = await checkPurgeGuard(tally, held({ care_worker_details: 900 }, 300), DEFAULT_GUARDS).catch((e: unknown) => e);
    expect((error as Error).message).to.match(/: all care workers \(ssd_involvements, ssd_professionals, ssd_cin_plans\) of 40 of its 300 children \(at most 30\)\./);
    await checkPurgeGuard(tally, held({ care_worker_details: 900 }, 400), DEFAULT_GUARDS);
  });
});
