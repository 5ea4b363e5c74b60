import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import stringify from 'fast-json-stable-stringify';
import { byItemId } from '../../src/payload/apply-document.js';
import type { JsonObject } from '../../src/payload/document-shape.js';
import type { SimulatedApi } from '../../src/simulate/simulated-api.js';
import type { PortDatabase } from './capture-targets.js';
import { runCli } from './run-cli.js';

/** How the receiver compares with a fresh build of every child (`export --all`). */
export interface ReceiverCheck {
  /** The children a fresh build sends, sorted. */
  readonly ids: readonly string[];
  /** Children whose document at the receiver is not the fresh build's. */
  readonly lost: readonly string[];
  /** Children the receiver holds that a fresh build does not send. */
  readonly extra: readonly string[];
  /** Staging rows `sent` with a receipt the API never gave that child. */
  readonly withoutReceipt: readonly string[];
  /** Children a fresh build finds invalid. */
  readonly invalid: readonly unknown[];
  /** Staging rows neither sent nor invalid (`person_id status`). */
  readonly unsettled: readonly string[];
}

/**
 * Builds every child afresh with `ssd-delta export --all` (into `out`, with the environment
 * `env`) and compares the simulated receiver with it, and the staging rows with the receipts
 * the receiver gave.
 */
export async function checkReceiver(db: PortDatabase, api: SimulatedApi, out: string, env: Readonly<Record<string, string>>): Promise<ReceiverCheck> {
  const exported = await runCli(['export', '--all', '--out', out, '--database-url', db.url as string], env);
  if (exported.code !== 0) throw new Error(`export --all: ${exported.stderr}`);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { written: Array<{ personId: string }>; invalid: unknown[] };
  const ids = manifest.written.map((w) => w.personId).sort();
  const rows = await db.sql.query<{ person_id: string; submission_status: string; api_response: string | null }>('SELECT person_id, submission_status, api_response FROM ssd_api_data_staging');
  const receipts = new Map<string, Set<string>>();
  for (const r of api.received()) receipts.set(r.laChildId, (receipts.get(r.laChildId) ?? new Set()).add(r.receipt));
  const fresh = (id: string): string => stringify(byItemId(JSON.parse(readFileSync(join(out, `${encodeURIComponent(id)}.json`), 'utf8')) as JsonObject));
  return {
    ids,
    lost: ids.filter((id) => stringify(byItemId((api.current(id) ?? {}) as JsonObject)) !== fresh(id)),
    extra: api.heldIds().filter((id) => !ids.includes(id)),
    withoutReceipt: rows.filter((r) => r.submission_status === 'sent' && !(r.api_response !== null && receipts.get(r.person_id)?.has(r.api_response))).map((r) => r.person_id),
    invalid: manifest.invalid,
    unsettled: rows.filter((r) => r.submission_status !== 'sent' && r.submission_status !== 'invalid').map((r) => `${r.person_id} ${r.submission_status}`),
  };
}
