import assert from 'node:assert/strict';
import { startSimulatedApi, type SimulatedApi } from '../../src/simulate/simulated-api.js';
import { ApiClient, type ApiClientOptions } from '../../src/submit/api-client.js';
import { TokenCache } from '../../src/submit/token-cache.js';
import { TokenFetchError } from '../../src/submit/token-fetch-error.js';

/** The real client against the simulator over loopback HTTP. */
describe('ApiClient against the simulated API', () => {
  let api: SimulatedApi;
  before(async () => {
    api = await startSimulatedApi();
  });
  after(() => api.close());
  beforeEach(() => {
    api.reset();
    api.setFaultPolicy(undefined);
  });

  function client(overrides: Partial<ApiClientOptions> = {}): ApiClient {
    return new ApiClient({
      baseUrl: api.url, laCode: api.laCode, tokenEndpoint: api.tokenEndpoint,
      clientId: 'ssd-delta-demo', clientSecret: 'demo-secret', scope: 'csc/.default',
      supplierKey: 'demo-supplier-key', timeoutMs: 5000, userAgent: 'ssd-delta/9.9.9', ...overrides,
    });
  }
  const docs = (n: number, prefix = 'C'): string[] =>
    Array.from({ length: n }, (_, i) => JSON.stringify({ la_child_id: `${prefix}${i}` }));

  it('sends a batch of 3 as-is and gets 3 timestamped receipts, stored in order', async () => {
    const payloads = ['{"la_child_id":"A1","child_details":{"first_name":"Zoë"}}', '{"la_child_id":"B2"}', '{"la_child_id":"C3"}'];
    const outcome = await client().postBatch(payloads);
    assert.equal(outcome.status, 200);
    assert.equal(outcome.attempt, 1);
    assert.equal(outcome.result.kind, 'sent');
    const receipts = outcome.result.kind === 'sent' ? outcome.result.receipts : [];
    assert.equal(receipts.length, 3);
    assert.deepEqual(receipts.map((r) => r.receipt), api.received().map((r) => r.receipt));
    assert.ok(receipts.every((r) => r.timestamp !== null && /^\d{4}-\d{2}-\d{2}T/.test(r.timestamp)));
    assert.deepEqual(api.received().map((r) => r.document), payloads.map((p) => JSON.parse(p) as unknown));
    assert.equal(outcome.responseExcerpt, JSON.stringify(receipts.map((r) => r.receipt)));
    const sent = api.requests().find((r) => r.route === 'children');
    assert.equal(sent?.bodyBytes, Buffer.byteLength(`[${payloads.join(',')}]`, 'utf8'));
    assert.equal(sent?.headers['user-agent'], 'ssd-delta/9.9.9');
    assert.equal(sent?.headers['accept'], 'application/json');
  });

  it('fetches the token once and reuses it across posts', async () => {
    const c = client();
    for (let i = 0; i < 3; i += 1) assert.equal((await c.postBatch(docs(2))).result.kind, 'sent');
    assert.equal(api.tokenRequestCount, 1);
    assert.equal(c.tokens.fetchCount, 1);
    assert.equal(api.requestCount, 3);
  });

  it('refreshes a refused token once after a 401 and then succeeds', async () => {
    const c = client();
    await c.postBatch(docs(1));
    api.revokeTokens();
    const outcome = await c.postBatch(docs(1));
    assert.deepEqual([outcome.status, outcome.attempt, outcome.result.kind], [200, 2, 'sent']);
    assert.equal(api.tokenRequestCount, 2);
  });

  it('gives up after one refresh when the 401 persists', async () => {
    api.setFaultPolicy((r) => (r.route === 'children' ? { kind: 'answer', status: 401, body: 'Unauthorized Access' } : undefined));
    const outcome = await client().postBatch(docs(1));
    assert.equal(outcome.status, 401);
    assert.equal(outcome.attempt, 2);
    assert.deepEqual(outcome.result, { kind: 'error', reason: 'HTTP 401 unauthorised', detail: 'Unauthorized Access' });
    assert.equal(api.requestCount, 2);
  });

  it('shares one token fetch, and one refresh, between 4 parallel posts', async () => {
    const c = client();
    const first = await Promise.all([0, 1, 2, 3].map((i) => c.postBatch(docs(2, `P${i}x`))));
    assert.ok(first.every((o) => o.result.kind === 'sent'));
    assert.equal(api.tokenRequestCount, 1);
    api.revokeTokens();
    const second = await Promise.all([0, 1, 2, 3].map((i) => c.postBatch(docs(2, `Q${i}x`))));
    assert.ok(second.every((o) => o.result.kind === 'sent' && o.attempt === 2));
    assert.equal(api.tokenRequestCount, 2);
    assert.equal(api.received().length, 16);
  });

  it('rejects with a clear error naming host and status, never the secret, on a wrong secret', async () => {
    const host = new URL(api.url).host;
    await assert.rejects(client({ clientSecret: 'not-the-secret' }).postBatch(docs(1)), (error: unknown) => {
      assert.ok(error instanceof TokenFetchError);
      assert.equal(error.message, `token request to ${host} refused: HTTP 401 (invalid_client)`);
      assert.equal(error.retryable, false);
      assert.equal(error.code, 'TOKEN_FETCH_FAILED');
      assert.ok(!error.message.includes('not-the-secret'));
      return true;
    });
    assert.equal(api.requestCount, 0);
  });

  it('reports a wrong SupplierKey as a 403 error outcome', async () => {
    const outcome = await client({ supplierKey: '' }).postBatch(docs(1));
    assert.equal(outcome.status, 403);
    assert.deepEqual(outcome.result, { kind: 'error', reason: 'HTTP 403 forbidden', detail: 'Forbidden Access' });
  });

  it('reports 101 children as a 413 error outcome', async () => {
    const outcome = await client().postBatch(docs(101));
    assert.equal(outcome.status, 413);
    assert.equal(outcome.result.kind === 'error' && outcome.result.reason, 'HTTP 413 too many records');
    assert.equal(api.received().length, 0);
  });

  it('accepts a single uuid receipt for the whole batch and keeps Retry-After', async () => {
    const uuid = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
    api.setFaultPolicy((r) => (r.route === 'children'
      ? { kind: 'answer', status: 200, headers: { 'retry-after': '3' }, body: JSON.stringify(uuid) } : undefined));
    const outcome = await client().postBatch(docs(2));
    assert.deepEqual(outcome.result, { kind: 'sent', receipts: [{ receipt: uuid, timestamp: null }, { receipt: uuid, timestamp: null }] });
    assert.equal(outcome.retryAfter, '3');
  });

  it('turns a hung request into status null, reason TIMEOUT', async () => {
    api.setFaultPolicy((r) => (r.route === 'children' ? { kind: 'hang' } : undefined));
    const outcome = await client({ timeoutMs: 200 }).postBatch(docs(1));
    assert.equal(outcome.status, null);
    assert.equal(outcome.result.kind === 'error' && outcome.result.reason, 'TIMEOUT');
    assert.ok(outcome.durationMs >= 190);
  });

  it('turns a dropped connection into status null with its error code', async () => {
    api.setFaultPolicy((r) => (r.route === 'children' ? { kind: 'reset' } : undefined));
    const outcome = await client().postBatch(docs(1));
    assert.equal(outcome.status, null);
    assert.match(outcome.result.kind === 'error' ? outcome.result.reason : '', /^(ECONNRESET|UND_ERR_SOCKET|EPIPE)$/);
  });
});

describe('TokenCache expiry', () => {
  let api: SimulatedApi;
  before(async () => {
    api = await startSimulatedApi({ tokenTtlSeconds: 3600 });
  });
  after(() => api.close());

  it('refreshes shortly before expires_in runs out, not after', async () => {
    let now = 1_000_000;
    const cache = new TokenCache({
      tokenEndpoint: api.tokenEndpoint, clientId: 'ssd-delta-demo', clientSecret: 'demo-secret', scope: 's', now: () => now,
    });
    const first = await cache.get();
    now += 3500 * 1000;
    assert.equal(await cache.get(), first);
    now += 45 * 1000; // 3545 s: inside the 60 s safety margin
    assert.notEqual(await cache.get(), first);
    assert.equal(cache.fetchCount, 2);
  });

  it('ignores an invalidate for a token it has already replaced', async () => {
    const cache = new TokenCache({ tokenEndpoint: api.tokenEndpoint, clientId: 'ssd-delta-demo', clientSecret: 'demo-secret', scope: 's' });
    const first = await cache.get();
    cache.invalidate(first);
    const second = await cache.get();
    cache.invalidate(first);
    assert.equal(await cache.get(), second);
    assert.equal(cache.fetchCount, 2);
  });

  it('reports an unreachable token endpoint as a retryable error with the network code', async () => {
    const closed = await startSimulatedApi();
    await closed.close();
    const cache = new TokenCache({ tokenEndpoint: closed.tokenEndpoint, clientId: 'x', clientSecret: 'y', scope: 's' });
    await assert.rejects(cache.get(), (error: unknown) => {
      assert.ok(error instanceof TokenFetchError);
      assert.equal(error.message, `token request to ${new URL(closed.url).host} failed: ECONNREFUSED`);
      assert.deepEqual([error.status, error.retryable], [null, true]);
      return true;
    });
  });
});
