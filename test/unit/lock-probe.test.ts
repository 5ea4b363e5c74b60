import { expect } from 'chai';
import { LOCK_PROBE_TIMEOUT_MS, lockProbe } from '../../src/source/lock-probe.js';

describe('the run lock probe', () => {
  it('shares the answer under way, says lost when the session throws, and when it does not answer in time', async () => {
    let asked = 0;
    let answer: (held: boolean) => void = () => undefined;
    const { stillHeld: probe } = lockProbe(
      () =>
        new Promise<boolean>((resolve) => {
          asked += 1;
          answer = resolve;
        }),
    );
    const [a, b] = [probe(), probe()];
    answer(true);
    expect(await Promise.all([a, b])).to.deep.equal([true, true]);
    expect(asked).to.equal(1);
    expect(await lockProbe(() => Promise.reject(new Error('connection ended'))).stillHeld()).to.equal(false);
    // A session slow to answer: lost once the wait is over (the clock is the test's); its request
    // is still waited for before the transaction ends.
    let late: (held: boolean) => void = () => undefined;
    let expire: () => void = () => undefined;
    const waits: number[] = [];
    const slow = lockProbe(
      () => new Promise<boolean>((resolve) => (late = resolve)),
      (ms, fn) => {
        waits.push(ms);
        expire = fn;
        return () => undefined;
      },
    );
    const verdict = slow.stillHeld();
    expire();
    expect(await verdict).to.equal(false);
    expect(waits).to.deep.equal([LOCK_PROBE_TIMEOUT_MS]);
    // Lost stays lost, without another request on a session still busy with the first.
    expect(await slow.stillHeld()).to.equal(false);
    expect(waits).to.deep.equal([LOCK_PROBE_TIMEOUT_MS]);
    let settled = false;
    const waiting = slow.settled().then(() => (settled = true));
    await Promise.resolve();
    expect(settled, 'not while the request runs').to.equal(false);
    late(true);
    await waiting;
    expect(settled).to.equal(true);
  });

  it('says false once settled, even to a call waiting on a request that answers held', async () => {
    let answer: (held: boolean) => void = () => undefined;
    const probe = lockProbe(() => new Promise<boolean>((resolve) => (answer = resolve)));
    const asked = probe.stillHeld();
    const settled = probe.settled();
    const joined = probe.stillHeld();
    answer(true);
    await settled;
    expect(await Promise.all([asked, joined]), 'the lock is about to be released').to.deep.equal([false, false]);
    expect(await probe.stillHeld()).to.equal(false);
  });
});
