import assert from 'node:assert/strict';
import { request } from 'undici';
import { startSimulatedApi, type SimulatedApi } from '../../src/simulate/simulated-api.js';

/** Raw HTTP against the simulator, so its behaviour is pinned independently of our client. */
describe('simulated DfE API (raw HTTP)', () => {
  let api: SimulatedApi;
  before(async () => {
    api = await startSimulatedApi();
  });
  after(() => api.close());
  beforeEach(() => {
    api.reset();
    api.setFaultPolicy(undefined);
  });

  async function token(secret = 'demo-secret'): Promise<{ status: number; json: Record<string, unknown> }> {
    const form = new URLSearchParams({ client_id: 'ssd-delta-demo', client_secret: secret, scope: 's', grant_type: 'client_credentials' });
    const res = await request(api.tokenEndpoint, {
      method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
  }

  async function post(body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
    const res = await request(`${api.url}/children_social_care_data/${api.laCode}/children`, {
      method: 'POST', body, headers: { 'content-type': 'application/json', ...headers },
    });
    return { status: res.statusCode, text: await res.body.text() };
  }

  async function goodHeaders(): Promise<Record<string, string>> {
    const { json } = await token();
    return { authorization: `Bearer ${String(json['access_token'])}`, supplierkey: 'demo-supplier-key' };
  }

  it('issues bearer tokens for the right credentials and 401s wrong ones', async () => {
    const good = await token();
    assert.equal(good.status, 200);
    assert.equal(good.json['token_type'], 'Bearer');
    assert.equal(good.json['expires_in'], 3600);
    assert.equal(typeof good.json['access_token'], 'string');
    const bad = await token('wrong');
    assert.deepEqual(bad, { status: 401, json: { error: 'invalid_client', error_description: 'Client authentication failed' } });
  });

  it('refuses a missing or unknown token with 401 and a missing SupplierKey with 403', async () => {
    const doc = '[{"la_child_id":"A1"}]';
    assert.equal((await post(doc, { supplierkey: 'demo-supplier-key' })).status, 401);
    assert.equal((await post(doc, { authorization: 'Bearer nope', supplierkey: 'demo-supplier-key' })).status, 401);
    const { authorization } = await goodHeaders();
    assert.equal((await post(doc, { authorization: authorization ?? '' })).status, 403);
    assert.equal(api.received().length, 0);
  });

  it('stores accepted documents in order and answers one receipt per child', async () => {
    const headers = await goodHeaders();
    const first = await post('[{"la_child_id":"A1","mis_child_id":"v1"},{"la_child_id":"B2","mis_child_id":"v1"}]', headers);
    await post('[{"la_child_id":"A1","mis_child_id":"v2"}]', headers);
    assert.equal(first.status, 200);
    const receipts = JSON.parse(first.text) as string[];
    assert.equal(receipts.length, 2);
    assert.match(receipts[0] ?? '', /^\d{4}-\d{2}-\d{2}_\d{2}:\d{2}:\d{2}\.\d{2}_[0-9a-f-]{36}\.json$/);
    assert.deepEqual(api.received().map((r) => r.laChildId), ['A1', 'B2', 'A1']);
    assert.equal(api.received()[1]?.receipt, receipts[1]);
    assert.deepEqual(api.receivedFor('A1').map((r) => r.document), [{ la_child_id: 'A1', mis_child_id: 'v1' }, { la_child_id: 'A1', mis_child_id: 'v2' }]);
    assert.deepEqual(api.current('A1'), { la_child_id: 'A1', mis_child_id: 'v2' });
    assert.equal(api.current('Z9'), undefined);
    assert.equal(api.requestCount, 2);
    assert.equal(api.tokenRequestCount, 1);
  });

  it('answers 400 naming bad items, 413 above 100 children, and stores nothing then', async () => {
    const headers = await goodHeaders();
    const bad = await post('[{"la_child_id":"A"},{"la_child_id":"B"},{"la_child_id":"C"},{"x":1}]', headers);
    assert.equal(bad.status, 400);
    assert.match(bad.text, /\[3\] la_child_id missing/);
    const many = JSON.stringify(Array.from({ length: 101 }, (_, i) => ({ la_child_id: `C${i}` })));
    assert.equal((await post(many, headers)).status, 413);
    assert.equal(api.received().length, 0);
  });

  it('lets a fault policy answer before the normal handling, and reset forgets the log', async () => {
    const headers = await goodHeaders();
    api.setFaultPolicy((req) =>
      req.route === 'children' ? { kind: 'answer', status: 429, headers: { 'retry-after': '7' } } : undefined);
    assert.equal((await post('[{"la_child_id":"A1"}]', headers)).status, 429);
    assert.equal(api.received().length, 0);
    assert.deepEqual(api.requests().map((r) => r.outcome), [200, 429]);
    api.reset();
    assert.equal(api.requests().length, 0);
    assert.equal(api.requestCount, 0);
  });

  it('turns a throwing fault policy into a 500 instead of hanging', async () => {
    api.setFaultPolicy(() => {
      throw new Error('policy bug');
    });
    const res = await request(api.tokenEndpoint, { method: 'POST', body: '' });
    assert.equal(res.statusCode, 500);
    assert.match(await res.body.text(), /policy bug/);
    assert.deepEqual(api.requests().map((r) => r.outcome), [500]);
  });
});
