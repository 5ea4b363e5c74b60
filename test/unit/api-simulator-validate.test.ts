import assert from 'node:assert/strict';
import { formatReceipt } from '../../src/simulate/simulated-api-receipt.js';
import { validateBatch } from '../../src/simulate/simulated-api-validate.js';
import { parseReceiptTimestamp } from '../../src/submit/receipt-timestamp.js';

const body = (value: unknown): Buffer => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

function replyOf(result: ReturnType<typeof validateBatch>): { status: number; body: string } {
  if (result.ok || result.reply.kind !== 'answer') throw new Error('expected an answer');
  return { status: result.reply.status, body: result.reply.body ?? '' };
}

describe('simulated API batch validation', () => {
  it('accepts 1..maxBatch objects with a string la_child_id, keeping order', () => {
    const result = validateBatch(body([{ la_child_id: 'A1' }, { la_child_id: 'B2', mis_child_id: 'x-1' }]), 100);
    assert.ok(result.ok);
    assert.deepEqual(result.children.map((c) => c.laChildId), ['A1', 'B2']);
  });

  it('validates each item against the document schema, naming the item, the path and the rule', () => {
    const items = [{ la_child_id: 'A1' }, { la_child_id: 'B2', nickname: 'x' }, { la_child_id: 'C_3' }];
    const reply = replyOf(validateBatch(body(items), 100));
    assert.equal(reply.status, 400);
    assert.match(reply.body, /\[1\] nickname: must NOT have additional properties/);
    assert.match(reply.body, /\[2\] la_child_id: must match pattern/);
    assert.doesNotMatch(reply.body, /\[0\]/);
  });

  it('names each failing item by index in a 400 text body', () => {
    const items = [{ la_child_id: 'A' }, { la_child_id: 'B' }, { la_child_id: 5 }, {}, 'x'];
    const reply = replyOf(validateBatch(body(items), 100));
    assert.equal(reply.status, 400);
    assert.match(reply.body, /\[2\] la_child_id not a string/);
    assert.match(reply.body, /\[3\] la_child_id missing/);
    assert.match(reply.body, /\[4\] not an object/);
    assert.doesNotMatch(reply.body, /\[0\]/);
  });

  it('answers 400 for non-JSON, non-arrays and an empty batch, 413 above maxBatch', () => {
    assert.equal(replyOf(validateBatch(body('{nope'), 100)).status, 400);
    assert.equal(replyOf(validateBatch(body({ la_child_id: 'A' }), 100)).status, 400);
    assert.equal(replyOf(validateBatch(body([]), 100)).status, 400);
    assert.equal(replyOf(validateBatch(body([{ la_child_id: 'A' }, { la_child_id: 'B' }]), 1)).status, 413);
  });
});

describe('simulated API receipts', () => {
  it('are shaped yyyy-MM-dd_HH:mm:ss.ff_<uuid>.json and parse back to their time', () => {
    const receipt = formatReceipt(new Date('2025-03-04T05:06:07.891Z'));
    assert.match(receipt, /^2025-03-04_05:06:07\.89_[0-9a-f-]{36}\.json$/);
    assert.equal(parseReceiptTimestamp(receipt), '2025-03-04T05:06:07.890');
    assert.notEqual(formatReceipt(new Date()), formatReceipt(new Date()));
  });
});
