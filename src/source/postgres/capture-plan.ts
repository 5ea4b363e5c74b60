import type { StreamDefinition } from '../../streams/stream-definition.js';
import type { CapturePlan, PermissionAsk, PrivilegeCheck } from '../source.js';
import type { SqlNames } from '../sql-names.js';
import { checkPermissions, onObject, onSchema } from '../stores/permission-check.js';
import type { PgConnection } from './pg-connection.js';
import { postgresGrants } from './permission-asks.js';
import { postgresRunner } from './pg-runner.js';
import { dropCaptureTriggersSql } from './stream-sql.js';

/**
 * What `init` would do for capture on Postgres, read only. Direct mode: the capture triggers on
 * each SSD table `present`, which of them have them (`done`; init replaces those too, with the
 * same definition), and TRIGGER on each (with USAGE on the SSD's schema) to create them.
 * Fingerprint mode reads the SSD tables themselves: init drops the triggers direct mode left,
 * which only a table's owner may do. No database setting is changed on Postgres.
 */
export async function postgresCapturePlan(db: PgConnection, names: SqlNames, mode: 'fingerprint' | 'direct', present: readonly StreamDefinition[], done: ReadonlySet<string>): Promise<CapturePlan> {
  const [me] = await db.query<{ user_name: string }>('SELECT current_user AS user_name');
  const user = me?.user_name ?? '';
  const targets = present.map((def) => ({ table: `${names.ssdSchema}.${def.table}`, done: done.has(def.table) }));
  const asks: PermissionAsk[] = [];
  if (mode === 'direct') {
    asks.push({
      when: 'init',
      step: 'capture',
      permission: `TRIGGER on the SSD tables in ${names.ssdSchema} (and USAGE on the schema, EXECUTE on ssd-delta's capture function)`,
      purpose: 'create the capture triggers (init replaces them on every table, those that have them too)',
      // The function is there once the migrations ran; made by another role (the DBA's psql script), it is not open to all.
      checks: [onSchema(names.ssdSchema, 'USAGE'), ...present.map((def) => onObject(names.ssdSchema, def.table, 'TRIGGER')), onObject(names.schema, 'ssd_delta_capture', 'EXECUTE')],
      grant: (lacking) => postgresGrants(user, lacking),
    });
  } else {
    const left = present.filter((def) => !done.has(def.table));
    const tableOf = new Map(left.map((def) => [def.table, def]));
    asks.push({
      when: 'init',
      step: 'capture',
      permission: "ownership of the SSD tables that still carry direct mode's capture triggers",
      purpose: 'drop those triggers (they would log every row twice)',
      checks: left.map((def) => onObject(names.ssdSchema, def.table, 'OWNER')),
      // Ownership of an LA's table is not ssd-delta's to take: its owner drops the triggers instead.
      grant: (lacking: readonly PrivilegeCheck[]) => ['-- as the owner of each table (or run init as that role):', ...lacking.map((c) => dropCaptureTriggersSql(tableOf.get(c.name) as StreamDefinition, names))].join('\n'),
    });
  }
  return {
    installs: mode === 'direct' ? 'capture triggers on the SSD tables' : 'no triggers: fingerprint mode reads the SSD tables themselves',
    action: mode === 'direct' ? 'would create them on' : "would drop direct mode's capture triggers from",
    settings: [],
    targets,
    refusal: null,
    notes: [],
    permissions: await checkPermissions(postgresRunner(db, names), asks),
  };
}
