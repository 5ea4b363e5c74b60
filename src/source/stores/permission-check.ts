import { describeError } from '../../core/errors.js';
import type { PermissionAsk, PermissionNeed, PrivilegeCheck } from '../source.js';
import { param, type SqlRunner } from '../sql-runner.js';

/** A privilege on the current database. */
export const onDatabase = (privilege: string): PrivilegeCheck => ({ on: 'database', schema: '', name: '', privilege });
/** A privilege on a schema. */
export const onSchema = (schema: string, privilege: string): PrivilegeCheck => ({ on: 'schema', schema, name: '', privilege });
/** A privilege on a table (SQL Server: or a function). */
export const onObject = (schema: string, name: string, privilege: string): PrivilegeCheck => ({ on: 'object', schema, name, privilege });
/** A privilege on an SSD table, which init never creates: the catalog's NULL means the login may not see it (lacking). */
export const onSsdTable = (schema: string, name: string, privilege: string): PrivilegeCheck => ({ on: 'object', schema, name, privilege, expected: true });
/** A privilege on a Postgres function (`OWNER`: owning it). */
export const onFunction = (schema: string, name: string, privilege: string): PrivilegeCheck => ({ on: 'function', schema, name, privilege });

/** What a privilege check is on, in words: `ssd_delta.ssd_person`, `schema ssd_delta`, `the database`, `function s.f`. */
export function checkTarget(check: PrivilegeCheck): string {
  if (check.on === 'database') return 'the database';
  if (check.on === 'function') return `function ${check.schema}.${check.name}`;
  return check.on === 'schema' ? `schema ${check.schema}` : `${check.schema}.${check.name}`;
}

/** At most this many objects are named in a need's detail; the rest are counted. */
const NAMED = 8;

/**
 * Checks gathered as a GRANT gathers them: per target (as `target` writes it) its privileges,
 * and the targets that lack the same privileges together, in first-seen order.
 */
export function byPrivileges(checks: readonly PrivilegeCheck[], target: (check: PrivilegeCheck) => string): Array<{ privileges: string[]; targets: string[] }> {
  const perTarget = new Map<string, string[]>();
  for (const c of checks) perTarget.set(target(c), [...(perTarget.get(target(c)) ?? []), c.privilege]);
  const groups = new Map<string, { privileges: string[]; targets: string[] }>();
  for (const [on, privileges] of perTarget) {
    const group = groups.get(privileges.join(', ')) ?? { privileges, targets: [] };
    group.targets.push(on);
    groups.set(privileges.join(', '), group);
  }
  return [...groups.values()];
}

/** Objects named, the first few: `s.a, s.b and 11 more`. */
function named(targets: readonly string[]): string {
  return targets.length <= NAMED ? targets.join(', ') : `${targets.slice(0, NAMED).join(', ')} and ${targets.length - NAMED} more`;
}

/**
 * What the login lacks: `lacks CREATE TABLE, CREATE FUNCTION on the database; TRIGGER on s.a, s.b`;
 * `unseen`: what it may not even see (SQL Server's NULL for an object it names), said apart.
 */
function lackingDetail(lacking: readonly PrivilegeCheck[], unseen: readonly PrivilegeCheck[]): string {
  const each = byPrivileges(lacking, checkTarget).map(({ privileges, targets }) => (privileges.includes('OWNER') ? `ownership of ${named(targets)}` : `${privileges.join(', ')} on ${named(targets)}`));
  const hidden = byPrivileges(unseen, checkTarget).map(({ privileges, targets }) => `${privileges.join(', ')} on ${named(targets)} (not found, or hidden from this login)`);
  return `lacks ${[...each, ...hidden].join('; ')}`;
}

/** A need from its ask: held, lacking (with the GRANTs for `lacking`), or not known. */
function needOf(ask: PermissionAsk, held: boolean | null, detail: string, lacking: readonly PrivilegeCheck[]): PermissionNeed {
  return { when: ask.when, step: ask.step, permission: ask.permission, purpose: ask.purpose, held, detail, grant: held === true ? '' : ask.grant(lacking) };
}

/**
 * Whether the login holds each permission the asks need, from the catalog's own functions
 * (read-permissions.sql: has_*_privilege, HAS_PERMS_BY_NAME), every check of every ask in one
 * round trip. A check on an object that is not there (yet: init creates it) counts for nothing:
 * an ask left with no check is not needed. Where the catalog cannot tell (or refuses to be
 * asked), the need says so rather than failing: the report is for a DBA to read.
 */
export async function checkPermissions(db: SqlRunner, asks: readonly PermissionAsk[]): Promise<PermissionNeed[]> {
  const checks = asks.flatMap((a) => a.checks);
  if (checks.length === 0) return [];
  const rows = checks.map((c, id) => ({ id, on_what: c.on, schema_name: c.schema, object_name: c.name, privilege: c.privilege }));
  let held: Map<number, boolean | null>;
  try {
    const answers = await db.run<{ id: number; held: boolean | number | null }>('read-permissions', { checks: param.json(rows) });
    held = new Map(answers.map((r) => [Number(r.id), r.held === null ? null : Boolean(r.held)]));
  } catch (error) {
    if (!db.permissionDenied(error)) throw error;
    const why = `cannot tell (${describeError(error)})`;
    return asks.filter((a) => a.checks.length > 0).map((ask) => needOf(ask, null, why, ask.checks));
  }
  let next = 0;
  const needs: PermissionNeed[] = [];
  for (const ask of asks) {
    const answered = ask.checks.map((check) => ({ check, held: held.get(next++) ?? null }));
    // Null: the schema or object is not there (init makes ssd-delta's own), or, for one that
    // should be there (an SSD table), the login may not see it: SQL Server's metadata visibility.
    const present = answered.filter((a) => a.held !== null || a.check.expected === true);
    if (present.length === 0) continue;
    const lacking = present.filter((a) => a.held === false).map((a) => a.check);
    const unseen = present.filter((a) => a.held === null).map((a) => a.check);
    needs.push(lacking.length + unseen.length === 0 ? needOf(ask, true, '', []) : needOf(ask, false, lackingDetail(lacking, unseen), [...lacking, ...unseen]));
  }
  return needs;
}
