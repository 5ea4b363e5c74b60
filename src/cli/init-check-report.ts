import type { CapturePlan, InitStep, PermissionNeed, SchemaPlan, Source, SsdCheck } from '../source/source.js';
import { elsewhereAdvice } from '../source/ssd-check.js';
import type { InitCheck, InitStop } from './init-check.js';

/** The report's number of each step: the order init acts in, but the SSD check, which it reports after capture. */
export const STEP_NUMBERS: Readonly<Record<InitStep, number>> = { server: 1, schemas: 2, staging: 3, ssd: 4, capture: 5 };

/** The two lines init starts with: the database and where ssd-delta's tables and the SSD's are. */
export function placementLines(description: string, placement: Source['placement']): string[] {
  return [
    `database: ${description}`,
    `ssd-delta's tables: schema ${placement.schema} (staging table ${placement.stagingTable}); SSD tables: schema ${placement.ssdSchema}`,
  ];
}

/** What init says of the SSD tables it found: `SSD tables found in schema S: 19 of 19`, and where missing ones are instead; `unseen`: not found for want of SELECT. */
export function ssdFoundLine(check: SsdCheck, expected: number, unseen = 0): string {
  return `SSD tables found in schema ${check.schema}: ${expected - check.missingTables.length - unseen} of ${expected}${elsewhereAdvice(check)}`;
}

/** What init says when SSD tables or columns are missing (it installs what it can first, then stops). Null: nothing missing. */
export function missingSsdMessage(check: SsdCheck): string | null {
  const parts = [];
  if (check.missingTables.length) parts.push(`SSD tables expected and not found: ${check.missingTables.join(', ')}`);
  if (check.missingColumns.length) parts.push(`SSD columns expected and not found: ${check.missingColumns.join(', ')}`);
  if (parts.length === 0) return null;
  return `${parts.join('; ')}.${elsewhereAdvice(check)} ssd-delta does not create SSD tables: run your LA's SSD script (or \`ssd-delta seed\` for a demo), then init again`;
}

/**
 * Why init would not find SSD tables that may be there, and what to do, or null. Postgres knows
 * they are there (the login lacks SELECT); SQL Server cannot tell them from tables not there.
 */
export function unseenSsdMessage(unseen: SchemaPlan['unseen']): string | null {
  if (unseen.tables.length === 0) return null;
  return unseen.certain
    ? `${unseen.tables.length} SSD tables are there but this login may not read them, so init would not find them: grant SELECT on them (listed in 6)`
    : `${unseen.tables.length} SSD tables not found, or hidden from this login: grant SELECT (listed in 6) and run the check again`;
}

/** At most this many names in a list of tables or migrations; the rest are counted. */
const LISTED = 30;

function names(list: readonly string[]): string {
  return list.length <= LISTED ? list.join(', ') : `${list.slice(0, LISTED).join(', ')} and ${list.length - LISTED} more`;
}

/** Init's refusal, or what it would do. */
function orRefusal(refusal: string | null, fine: string): string {
  return refusal === null ? fine : `init would refuse: ${refusal}`;
}

function stagingLines(plan: SchemaPlan, staging: string): string[] {
  const { state, pending, refusal, unknown } = plan.staging;
  const lines: string[] = [];
  if (state === 'absent') lines.push(`3. staging table ${staging}: not there; init creates it and ssd-delta's other tables with ${pending.length} migrations: ${names(pending)}`);
  const todo = unknown !== null ? 'migrations to apply: not known' : pending.length === 0 ? 'every migration applied' : `migrations to apply: ${names(pending)}`;
  if (state === 'installed') lines.push(`3. staging table ${staging}: ssd-delta's; ${todo}`);
  if (state === 'foreign') lines.push(`3. staging table ${staging}: a table of that name ssd-delta did not make`);
  if (refusal !== null) lines.push(`   init would refuse: ${refusal}`);
  if (unknown !== null) lines.push(`   ${unknown}`);
  return lines;
}

function captureLines(plan: CapturePlan, mode: string): string[] {
  const lines = [`5. capture (capture.mode = ${mode}): ${plan.installs}`];
  for (const s of plan.settings) lines.push(`   ${s.setting}: ${s.now}${s.change ? `; ${s.change}` : ''}`);
  const todo = plan.targets.filter((t) => !t.done).map((t) => t.table);
  const done = plan.targets.filter((t) => t.done).map((t) => t.table);
  if (todo.length) lines.push(`   init ${plan.action} ${todo.length}: ${names(todo)}`);
  if (done.length) lines.push(`   nothing to do on ${done.length}: ${names(done)}`);
  if (plan.targets.length === 0) lines.push('   no SSD table to install it on');
  for (const note of plan.notes) lines.push(`   ${note}`);
  if (plan.refusal) lines.push(`   init would refuse: ${plan.refusal}`);
  return lines;
}

/** One line per need: what is held, briefly; what is lacking, with what for and where. */
function needLine(n: PermissionNeed): string {
  if (n.held === true) return `   has   ${n.when.padEnd(4)} ${n.permission}`;
  return `   ${n.held === false ? 'LACKS' : '??   '} ${n.when.padEnd(4)} ${n.permission}, to ${n.purpose}: ${n.detail}`;
}

function permissionLines(needs: readonly PermissionNeed[], user: string): string[] {
  const lines = [`6. permissions of ${user} (init: init stops without it; run: running afterwards needs it)`];
  for (const n of [...needs].sort((a, b) => STEP_NUMBERS[a.step] - STEP_NUMBERS[b.step])) lines.push(needLine(n));
  if (needs.length === 0) lines.push('   nothing to ask: no step needs a permission');
  const statements = [...new Set(needs.filter((n) => n.held !== true && n.grant !== '').flatMap((n) => n.grant.split('\n')))];
  // GRANTs are the DBA's; ALTER ... OWNER TO and DROP TRIGGER only the owner of the object (or a superuser) may run.
  const grants = statements.filter((g) => g.startsWith('GRANT '));
  const owners = statements.filter((g) => !g.startsWith('GRANT '));
  if (grants.length) lines.push('   for the DBA to grant (or run the script `ssd-delta init --print-sql` prints instead of init):', ...grants.map((g) => `     ${g}`));
  if (owners.length) lines.push('   for the owner of each object to run (or a superuser; or run init as that owner):', ...owners.map((g) => `     ${g}`));
  // Handing an object over takes it from its owner's own login; membership in the owner's role keeps both working.
  if (owners.some((g) => / OWNER TO /.test(g))) {
    lines.push(`   (ALTER ... OWNER TO needs a superuser, or membership in both roles, and the owner's own login then loses the object: instead, GRANT <the owner's role> TO ${JSON.stringify(user)}; is enough for init)`);
  }
  return lines;
}

/**
 * The report `init --check` prints: the database and placement (as init prints them), then
 * each step in init's order (1 server, 2 schemas, 3 the staging table and migrations, 4 the SSD
 * tables, 5 capture, 6 the permissions, with the GRANTs for what is lacking), and one last line:
 * whether init would run to the end, or where it would stop and why.
 */
export function initCheckLines(check: InitCheck, source: Pick<Source, 'description' | 'placement' | 'capture'>, expectedTables: number, stop: InitStop | null, nothingToDo: boolean): string[] {
  const { schema, capture } = check;
  const { placement } = source;
  const ssd = schema.ssd;
  const lines = [
    ...placementLines(source.description, placement),
    `1. server: ${schema.server.found}: ${orRefusal(schema.server.refusal, 'fine')}`,
    `2. schemas: ${placement.schema} (ssd-delta's) ${schema.schemas.own ? 'exists' : 'missing'}; ${placement.ssdSchema} (the SSD's) ${schema.schemas.ssd ? 'exists' : 'missing'}${schema.schemas.refusal ? `; init would refuse: ${schema.schemas.refusal}` : ''}`,
    ...stagingLines(schema, `${placement.schema}.${placement.stagingTable}`),
    `4. ${ssdFoundLine(ssd, expectedTables, schema.unseen.tables.length)}`,
    ...(ssd.missingTables.length ? [`   missing: ${names(ssd.missingTables)}`] : []),
    ...(schema.unseen.tables.length ? [`   ${schema.unseen.certain ? 'there, not readable by this login' : 'not found, or hidden from this login'}: ${names(schema.unseen.tables)}`] : []),
    ...(ssd.missingColumns.length ? [`   columns missing: ${names(ssd.missingColumns)}`] : []),
    ...captureLines(capture, source.capture.mode),
    ...permissionLines([...schema.permissions, ...capture.permissions], schema.user),
  ];
  if (stop) lines.push(`init would stop at step ${stop.number} (${stop.step}): ${stop.why}`);
  else lines.push(nothingToDo ? 'init would succeed: nothing to do, everything is in place' : 'init would succeed: it would run to the end, doing what is listed above');
  return lines;
}
