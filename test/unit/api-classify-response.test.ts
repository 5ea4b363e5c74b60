import assert from 'node:assert/strict';
import { classifyResponse, statusReason, type PostResult } from '../../src/submit/classify-response.js';

const R1 = '2025-06-01_14:03:09.12_0b6f1c1e-8d5e-4c35-9d1b-1f0e6b1c2a01.json';
const R2 = '2025-06-01_14:03:09.12_5c1d7a33-1f1c-4f6e-8b8b-2b9a3c4d5e02.json';
const UUID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const WRONG = 'receipt list missing or wrong length';

function errorOf(result: PostResult): { reason: string; detail: string } {
  assert.equal(result.kind, 'error');
  return result as { reason: string; detail: string };
}

describe('classifyResponse', () => {
  it('accepts a 200 array of one receipt per child, in order, with timestamps', () => {
    assert.deepEqual(classifyResponse(200, JSON.stringify([R1, R2]), 2), {
      kind: 'sent',
      receipts: [
        { receipt: R1, timestamp: '2025-06-01T14:03:09.120' },
        { receipt: R2, timestamp: '2025-06-01T14:03:09.120' },
      ],
    });
  });

  it('accepts any 2xx, e.g. 201', () => {
    assert.equal(classifyResponse(201, JSON.stringify([R1]), 1).kind, 'sent');
  });

  it('rejects an array whose length differs from the batch', () => {
    const error = errorOf(classifyResponse(200, JSON.stringify([R1]), 2));
    assert.equal(error.reason, WRONG);
    assert.match(error.detail, /expected 2 receipts, got an array of 1/);
  });

  it('rejects an array holding something other than receipt strings', () => {
    assert.equal(errorOf(classifyResponse(200, JSON.stringify([R1, 7]), 2)).reason, WRONG);
    assert.equal(errorOf(classifyResponse(200, JSON.stringify([R1, '']), 2)).reason, WRONG);
  });

  it('gives a single uuid string (the contract Receipt) to every child, without timestamp', () => {
    const result = classifyResponse(200, JSON.stringify(UUID), 3);
    assert.deepEqual(result, { kind: 'sent', receipts: Array(3).fill({ receipt: UUID, timestamp: null }) });
  });

  it('rejects a 2xx body that is not JSON, or JSON of another shape', () => {
    const notJson = errorOf(classifyResponse(200, '<html>ok</html>', 1));
    assert.equal(notJson.reason, WRONG);
    assert.match(notJson.detail, /not JSON/);
    assert.equal(errorOf(classifyResponse(200, '{"receipt":"x"}', 1)).reason, WRONG);
    assert.equal(errorOf(classifyResponse(200, '', 1)).reason, WRONG);
    assert.equal(errorOf(classifyResponse(200, '"OK"', 1)).reason, WRONG);
  });

  it('treats 204 as an error, never as sent', () => {
    assert.deepEqual(classifyResponse(204, '', 2), { kind: 'error', reason: 'HTTP 204 no content', detail: '' });
  });

  it('keeps a 400 body naming failing items as the detail', () => {
    const body = 'Payload was malformed:\n[0] la_child_id missing\n[3] la_child_id missing';
    assert.deepEqual(classifyResponse(400, body, 5), { kind: 'error', reason: 'HTTP 400 payload malformed', detail: body });
  });

  it('names 5xx as a server error and keeps other statuses readable', () => {
    assert.deepEqual(classifyResponse(500, 'boom', 1), { kind: 'error', reason: 'HTTP 500 server error', detail: 'boom' });
    assert.equal(statusReason(503), 'HTTP 503 server error');
    assert.equal(statusReason(413), 'HTTP 413 too many records');
    assert.equal(statusReason(429), 'HTTP 429 rate limited');
    assert.equal(statusReason(302), 'HTTP 302 unexpected status');
  });
});
