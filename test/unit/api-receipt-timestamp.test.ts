import assert from 'node:assert/strict';
import { networkErrorCode } from '../../src/submit/network-error-code.js';
import { parseReceiptTimestamp } from '../../src/submit/receipt-timestamp.js';

describe('parseReceiptTimestamp', () => {
  it('reads the yyyy-MM-dd_HH:mm:ss.ff prefix as a zone-less ISO time in milliseconds', () => {
    assert.equal(parseReceiptTimestamp('2024-12-31_23:59:58.07_abc.json'), '2024-12-31T23:59:58.070');
    assert.equal(parseReceiptTimestamp('2024-01-02_03:04:05.1234567_abc.json'), '2024-01-02T03:04:05.123');
    assert.equal(parseReceiptTimestamp('2024-01-02_03:04:05_abc.json'), '2024-01-02T03:04:05.000');
  });

  it('returns null without a prefix or for an impossible date', () => {
    assert.equal(parseReceiptTimestamp('3fa85f64-5717-4562-b3fc-2c963f66afa6'), null);
    assert.equal(parseReceiptTimestamp('2025-02-30_10:00:00.00_x.json'), null);
    assert.equal(parseReceiptTimestamp('2025-01-01_24:00:00.00_x.json'), null);
  });
});

describe('networkErrorCode', () => {
  it('names our own deadline TIMEOUT and otherwise keeps the error code', () => {
    assert.equal(networkErrorCode(new DOMException('aborted', 'TimeoutError')), 'TIMEOUT');
    assert.equal(networkErrorCode(Object.assign(new Error('reset'), { code: 'ECONNRESET' })), 'ECONNRESET');
    const wrapped = new Error('fetch failed', { cause: Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' }) });
    assert.equal(networkErrorCode(wrapped), 'UND_ERR_SOCKET');
    assert.equal(networkErrorCode(new TypeError('bad')), 'TypeError');
    assert.equal(networkErrorCode('string thrown'), 'UNKNOWN');
  });
});
