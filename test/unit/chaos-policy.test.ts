import { expect } from 'chai';
import { chaosPolicy } from '../../src/simulate/chaos-policy.js';
import type { SimulatedReply, SimulatedRequest } from '../../src/simulate/simulated-api-types.js';

const request = (route: 'children' | 'token', n = 3): SimulatedRequest => ({
  method: 'POST', path: '/x', route, headers: {}, body: Buffer.from(JSON.stringify(Array.from({ length: n }, (_, i) => ({ la_child_id: `C${i}` })))),
  requestNumber: 1, receivedAt: new Date(),
});

describe('simulated API chaos policy', () => {
  it('answers each fault kind as the real gateway would, at its rate, seeded', async () => {
    const only = async (kind: string): Promise<SimulatedReply | undefined> =>
      chaosPolicy({ rates: { [kind]: 1 }, retryAfterSeconds: 4, latencyMinMs: 0, latencyMaxMs: 0, seed: 1 })(request('children', 3));
    expect(await only('401')).to.include({ status: 401 });
    expect(await only('429')).to.deep.include({ status: 429, headers: { 'retry-after': '4' } });
    expect(await only('503')).to.include({ status: 503 });
    expect(await only('timeout')).to.deep.equal({ kind: 'hang' });
    expect(await only('reset')).to.deep.equal({ kind: 'reset' });
    expect(await only('malformed')).to.include({ status: 200 });
    expect(JSON.parse((await only('wrongLength') as { body: string }).body)).to.have.length(2);
  });

  it('leaves token requests alone and faults about the configured share of POSTs', async () => {
    const policy = chaosPolicy({ rates: { '500': 0.1, reset: 0.1 }, retryAfterSeconds: 0, latencyMinMs: 0, latencyMaxMs: 0, seed: 3 });
    expect(await policy(request('token'))).to.equal(undefined);
    let faulted = 0;
    for (let i = 0; i < 2000; i += 1) if ((await policy(request('children'))) !== undefined) faulted += 1;
    expect(faulted / 2000).to.be.within(0.17, 0.23);
  });
});
