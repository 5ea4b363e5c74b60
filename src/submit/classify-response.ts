import { parseReceiptTimestamp } from './receipt-timestamp.js';

/** One child's receipt and the time it names (see {@link parseReceiptTimestamp}). */
export interface ReceiptInfo {
  readonly receipt: string;
  readonly timestamp: string | null;
}

/**
 * What a POST achieved for its whole batch: every child sent (one receipt each, in request
 * order) or an error with a short stable `reason` and the `detail` text (e.g. a 400 body
 * naming failing items as `[n]`, which the caller parses).
 */
export type PostResult =
  | { readonly kind: 'sent'; readonly receipts: ReceiptInfo[] }
  | { readonly kind: 'error'; readonly reason: string; readonly detail: string };

/** Longest error detail kept: a 400 body can name up to 100 failing items. */
const MAX_DETAIL = 8000;

/** A uuid anywhere in the string: a lone `"OK"` must not pass for the contract's Receipt. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Short names for the statuses the API and gateway are known to answer. */
const STATUS_REASONS: Readonly<Record<number, string>> = {
  204: 'no content',
  400: 'payload malformed',
  401: 'unauthorised',
  403: 'forbidden',
  408: 'request timeout',
  413: 'too many records',
  415: 'unsupported media type',
  429: 'rate limited',
};

/**
 * Classifies an HTTP answer to a POST of `batchSize` children (pure; no I/O).
 *
 * A 2xx is a success only when its body is a JSON array of exactly `batchSize` strings (the
 * observed live behaviour) or a single JSON string holding a uuid (the contract's `Receipt`,
 * which then stands for every child). Any other 2xx body, and 204, is an error for the whole batch:
 * recording children as sent without a receipt would hide a receiver fault.
 */
export function classifyResponse(status: number, body: string, batchSize: number): PostResult {
  if (status === 204 || status < 200 || status > 299) {
    return { kind: 'error', reason: statusReason(status), detail: body.slice(0, MAX_DETAIL) };
  }
  const parsed = parseJson(body);
  if (typeof parsed === 'string' && UUID.test(parsed)) {
    return { kind: 'sent', receipts: Array.from({ length: batchSize }, () => receiptInfo(parsed)) };
  }
  if (Array.isArray(parsed) && parsed.length === batchSize && parsed.every(isReceipt)) {
    return { kind: 'sent', receipts: parsed.map(receiptInfo) };
  }
  const got = Array.isArray(parsed) ? `an array of ${parsed.length}` : describe(parsed);
  return {
    kind: 'error',
    reason: 'receipt list missing or wrong length',
    detail: `HTTP ${status}: expected ${batchSize} receipts, got ${got}`,
  };
}

/** `HTTP 413 too many records`, `HTTP 503 server error`, ... */
export function statusReason(status: number): string {
  const name = STATUS_REASONS[status] ?? (status >= 500 ? 'server error' : 'unexpected status');
  return `HTTP ${status} ${name}`;
}

function receiptInfo(receipt: string): ReceiptInfo {
  return { receipt, timestamp: parseReceiptTimestamp(receipt) };
}

function isReceipt(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'a body that is not JSON';
  if (value === null) return 'null';
  return `a JSON ${typeof value}`;
}
