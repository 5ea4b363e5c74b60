import type { StreamDefinition } from '../../streams/stream-definition.js';
import type { CapturePlan, PermissionAsk, PrivilegeCheck } from '../source.js';
import type { SqlNames } from '../sql-names.js';
import { checkPermissions, onFunction, onObject, onSchema } from '../stores/permission-check.js';
import type { PgConnection } from './pg-connection.js';
import { postgresGrants } from './permission-asks.js';
import { postgresRunner } from './pg-runner.js';
import { dropCaptureTriggersSql } from './stream-sql.js';

/** The capture triggers captureTriggersSql creates on each table. */
const TRIGGERS = ['ssd_delta_ins', 'ssd_delta_upd', 'ssd_delta_del', 'ssd_delta_trunc'];

/** An SSD table as pg_class and pg_trigger show it to any login: how many capture triggers it has, and how many call this schema's function. */
interface TableTriggers {
  table_name: string;
  named: number;
  ours: number;
}

/**
 * The SSD tables the streams read that are there (pg_class: whether or not this login may read
 * them, so the list is whole in one go), with their triggers of ssd-delta's names, counting those
 * whose function (tgfoid) is this schema's ssd_delta_capture: another schema's (another
 * ssd-delta) is not this one's capture, and init would repoint it.
 */
async function readTriggers(db: PgConnection, names: SqlNames, streams: readonly StreamDefinition[]): Promise<Map<string, TableTriggers>> {
  const rows = await db.query<TableTriggers>(
    `SELECT c.relname AS table_name, count(t.oid)::int AS named, count(t.oid) FILTER (WHERE t.tgfoid = f.oid)::int AS ours
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_trigger t ON t.tgrelid = c.oid AND t.tgname = ANY ($3::text[])
       LEFT JOIN (SELECT p.oid FROM pg_proc p JOIN pg_namespace pn ON pn.oid = p.pronamespace WHERE pn.nspname = $4 AND p.proname = 'ssd_delta_capture') f ON true
      WHERE n.nspname = $1 AND c.relname = ANY ($2::text[]) AND c.relkind IN ('r', 'p')
      GROUP BY c.relname`,
    [names.ssdSchema, streams.map((s) => s.table), TRIGGERS, names.schema],
  );
  return new Map(rows.map((r) => [r.table_name, r]));
}

/**
 * What `init` would do for capture on Postgres, read only. Direct mode: the capture triggers on
 * each SSD table there, which have them already calling this schema's function (`done`; init
 * replaces those too, with the same definition), and TRIGGER on each (with USAGE on the SSD's
 * schema) to create them. Fingerprint mode reads the SSD tables themselves: init drops the
 * triggers direct mode left, which only a table's owner may do. No database setting is changed.
 */
export async function postgresCapturePlan(db: PgConnection, names: SqlNames, mode: 'fingerprint' | 'direct', streams: readonly StreamDefinition[]): Promise<CapturePlan> {
  const [me] = await db.query<{ user_name: string }>('SELECT current_user AS user_name');
  const user = me?.user_name ?? '';
  const triggers = await readTriggers(db, names, streams);
  const present = streams.filter((def, i) => triggers.has(def.table) && streams.findIndex((d) => d.table === def.table) === i);
  const isDone = (def: StreamDefinition): boolean => {
    const t = triggers.get(def.table);
    return mode === 'direct' ? t?.ours === TRIGGERS.length : t?.named === 0;
  };
  const targets = present.map((def) => ({ table: `${names.ssdSchema}.${def.table}`, done: isDone(def) }));
  const elsewhere = present.filter((def) => mode === 'direct' && (triggers.get(def.table)?.named ?? 0) > (triggers.get(def.table)?.ours ?? 0));
  const notes = elsewhere.length === 0 ? [] : [`${elsewhere.map((d) => d.table).join(', ')}: capture triggers of ssd-delta's names call another schema's ssd_delta_capture (another ssd-delta?); init would repoint them to ${names.schema}'s`];
  const asks: PermissionAsk[] = [];
  if (mode === 'direct') {
    asks.push({
      when: 'init',
      step: 'capture',
      permission: `TRIGGER on the SSD tables in ${names.ssdSchema} (USAGE on the schema, EXECUTE on ${names.schema}.ssd_delta_capture)`,
      purpose: 'create the capture triggers (init replaces them on every table)',
      // The function is there once the migrations ran; made by another role (the DBA's psql script), it is not open to all.
      checks: [onSchema(names.ssdSchema, 'USAGE'), ...present.map((def) => onObject(names.ssdSchema, def.table, 'TRIGGER')), onFunction(names.schema, 'ssd_delta_capture', 'EXECUTE')],
      grant: (lacking) => postgresGrants(user, lacking),
    });
  } else {
    const left = present.filter((def) => !isDone(def));
    const tableOf = new Map(left.map((def) => [def.table, def]));
    asks.push({
      when: 'init',
      step: 'capture',
      permission: "ownership of the SSD tables that still carry direct mode's capture triggers",
      purpose: 'drop those triggers (they would log every row twice)',
      checks: left.map((def) => onObject(names.ssdSchema, def.table, 'OWNER')),
      // Ownership of an LA's table is not ssd-delta's to take: its owner drops the triggers instead.
      grant: (lacking: readonly PrivilegeCheck[]) => lacking.map((c) => dropCaptureTriggersSql(tableOf.get(c.name) as StreamDefinition, names)).join('\n'),
    });
  }
  return {
    installs: mode === 'direct' ? 'capture triggers on the SSD tables' : 'no triggers: fingerprint mode reads the SSD tables themselves',
    action: mode === 'direct' ? 'would create them on' : "would drop direct mode's capture triggers from",
    settings: [],
    targets,
    refusal: null,
    notes,
    permissions: await checkPermissions(postgresRunner(db, names), asks),
  };
}
