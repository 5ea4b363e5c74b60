import type { CapturePlan, InitStep, PermissionNeed, SchemaPlan } from '../source/source.js';
import type { AppContext } from './app-context.js';
import { initCheckLines, missingSsdMessage, STEP_NUMBERS, unseenSsdMessage } from './init-check-report.js';

/** What `init --check` read: what each port says init would find and need. */
export interface InitCheck {
  readonly schema: SchemaPlan;
  readonly capture: CapturePlan;
}

/** Where init would stop, and why (its own refusal, or the permission it lacks). */
export interface InitStop {
  /** The step's number in the report (1 server ... 5 capture). */
  readonly number: number;
  readonly step: InitStep;
  readonly why: string;
}

/** Why init would stop at `step` for want of a permission it needs there (or cannot be sure of), or null. */
function lacking(needs: readonly PermissionNeed[], step: InitStep): string | null {
  const need = needs.find((n) => n.when === 'init' && n.step === step && n.held !== true);
  if (!need) return null;
  return need.held === false ? `the login ${need.detail} (what to run is listed in 6)` : `cannot tell whether the login has ${need.permission}: ${need.detail}`;
}

/**
 * Where init would stop, in the order it acts: the server, the schemas, the staging table and
 * its migrations, capture, and last the SSD tables it found missing (init installs capture on
 * those it found, then stops). Null: init would run to the end.
 */
export function initStop(check: InitCheck): InitStop | null {
  const { schema, capture } = check;
  const needs = [...schema.permissions, ...capture.permissions];
  const reasons: Array<[InitStep, string | null]> = [
    ['server', schema.server.refusal],
    ['schemas', schema.schemas.refusal],
    ['staging', schema.staging.refusal ?? schema.staging.unknown ?? lacking(needs, 'staging')],
    ['capture', capture.refusal ?? lacking(needs, 'capture')],
    // Tables the login may not see are a permission to grant, not an SSD to build.
    ['ssd', [unseenSsdMessage(schema.unseen), missingSsdMessage(schema.ssd)].filter((m) => m !== null).join('; ') || null],
  ];
  const found = reasons.find(([, why]) => why !== null);
  return found ? { number: STEP_NUMBERS[found[0]], step: found[0], why: found[1] as string } : null;
}

/** True when init would change nothing: every migration applied, capture in place, no setting to make. */
export function nothingToDo(check: InitCheck): boolean {
  const { schema, capture } = check;
  return schema.staging.state === 'installed' && schema.staging.unknown === null && schema.staging.pending.length === 0 && capture.targets.every((t) => t.done) && capture.settings.every((s) => s.change === null);
}

/**
 * `ssd-delta init --check`: reads (never writes) what init would find, do and need, prints it
 * as one list in init's order ending with a one-line verdict, and returns the exit code: 0 when
 * init could run to the end, 1 when it could not.
 */
export async function runInitCheck(app: AppContext, say: (line: string) => void): Promise<number> {
  const check: InitCheck = { schema: await app.source.schema.plan(app.streams), capture: await app.source.capture.plan(app.streams) };
  const stop = initStop(check);
  const expected = new Set(app.streams.map((s) => s.table)).size;
  for (const line of initCheckLines(check, app.source, expected, stop, nothingToDo(check))) say(line);
  app.logger.info({ database: app.source.description, initWouldFinish: stop === null, stopsAt: stop?.step ?? null }, 'init --check');
  return stop === null ? 0 : 1;
}
