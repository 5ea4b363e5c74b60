import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { postgresMigrationFiles } from '../../src/source/postgres/schema-store.js';
import { runCli } from '../helpers/run-cli.js';
import { serverQuery } from '../helpers/server-query.js';
import { tempDataDirs } from '../helpers/temp-data-dirs.js';
import { STREAMS } from '../helpers/test-sources.js';

const serverUrl = process.env.SSD_DELTA_TEST_PG_URL;
const MIGRATIONS = postgresMigrationFiles();
const TABLES = [...new Set(STREAMS.map((s) => s.table))].sort();

/** The output's last line: the verdict. */
const verdict = (stdout: string): string => stdout.trimEnd().split('\n').at(-1) ?? '';

/** The statements the check printed for the DBA and for the owners to run, in order. */
const printedStatements = (stdout: string): string[] => {
  const lines = stdout.split('\n');
  const from = lines.findIndex((l) => /^ {3}for the (DBA|owner)/.test(l));
  return from < 0 ? [] : lines.slice(from).filter((l) => l.startsWith('     ')).map((l) => l.trim());
};

/** The GRANT lines of `privilege` on `tables` of `schema` to `role`, four tables a line, as the check prints them. */
const grantLines = (privilege: string, schema: string, tables: readonly string[], role: string): string[] => {
  const lines: string[] = [];
  for (let i = 0; i < tables.length; i += 4) lines.push(`GRANT ${privilege} ON ${tables.slice(i, i + 4).map((t) => `"${schema}"."${t}"`).join(', ')} TO "${role}";`);
  return lines;
};

/** Runs `ssd-delta seed` of a small LA into `target` (`--data-dir DIR` or `--database-url URL`). */
async function seed(...target: string[]): Promise<void> {
  const seeded = await runCli(['seed', '--children', '20', ...target]);
  expect(seeded.code, seeded.stderr).to.equal(0);
}

describe('ssd-delta init --check: what init would do and need, read without changing anything', function () {
  this.timeout(240_000);
  const dirs = tempDataDirs('ssd-delta-init-check-');
  after(() => dirs.cleanup());

  describe('on the Postgres server', function () {
    const tag = `${process.pid}_${Date.now().toString(36)}`;
    const role = `ssd_chk_${tag}`;
    const roles = [role];
    /** Another login role, dropped after the tests. */
    const newRole = async (name: string): Promise<string> => {
      const r = `ssd_chk_${name}_${tag}`;
      roles.push(r);
      await query(`CREATE ROLE ${r} LOGIN`);
      return r;
    };
    const schemas: string[] = [];
    const query = (sql: string, params: unknown[] = []): Promise<unknown[]> => serverQuery(serverUrl as string, sql, params);
    /** A schema of its own with a seeded SSD; the URL whose search_path is it (as `user`, when given). */
    const seeded = async (name: string, user?: string): Promise<{ schema: string; url: string; as: (user?: string) => string }> => {
      const schema = `cli_chk_${name}_${tag}`;
      await query(`CREATE SCHEMA ${schema}`);
      schemas.push(schema);
      const as = (who?: string): string => {
        const u = new URL(serverUrl as string);
        u.searchParams.set('options', `-c search_path=${schema}`);
        if (who) u.username = who;
        return u.toString();
      };
      await seed('--database-url', as());
      return { schema, url: as(user), as };
    };
    /** What the catalog holds of a schema: its relations (with their privileges), triggers and functions. */
    const catalog = (schema: string): Promise<unknown[]> =>
      query(
        `SELECT 'class' AS kind, c.relname || ':' || c.relkind::text || ':' || coalesce(c.relacl::text, '') AS what FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1
         UNION ALL SELECT 'trigger', t.tgname || ' on ' || c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1
         UNION ALL SELECT 'function', p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
         UNION ALL SELECT 'schema', coalesce(nspacl::text, '') FROM pg_namespace WHERE nspname = $1
         ORDER BY 1, 2`,
        [schema],
      );

    before(function () {
      if (!serverUrl) this.skip();
    });
    after(async () => {
      if (!serverUrl) return;
      for (const schema of schemas) await query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      for (const r of roles) if ((await query('SELECT 1 FROM pg_roles WHERE rolname = $1', [r])).length > 0) await query(`DROP OWNED BY ${r}; DROP ROLE ${r}`);
    });

    it('as a superuser on a seeded SSD: the migrations and triggers init would create, exit 0, the catalog unchanged; after init, nothing to do', async () => {
      const { schema, url } = await seeded('fresh');
      const before = await catalog(schema);
      const check = await runCli(['init', '--check', '--database-url', url]);
      expect(check.code, check.stderr).to.equal(0);
      expect(check.stdout).to.match(/^database: postgres [^ ]+\n/);
      expect(check.stdout).to.include(`3. staging table ${schema}.ssd_api_data_staging: not there; init creates it and ssd-delta's other tables with ${MIGRATIONS.length} migrations: ${MIGRATIONS.join(', ')}\n`);
      expect(check.stdout).to.include(`4. SSD tables found in schema ${schema}: 19 of 19\n`);
      expect(check.stdout).to.include(`   init would create them on 19: ${TABLES.map((t) => `${schema}.${t}`).join(', ')}\n`);
      expect(check.stdout).to.not.match(/LACKS|\?\?/);
      expect(verdict(check.stdout)).to.equal('init would succeed: it would run to the end, doing what is listed above');
      expect(await catalog(schema)).to.deep.equal(before);

      const init = await runCli(['init', '--database-url', url]);
      expect(init.code, init.stderr).to.equal(0);
      const again = await runCli(['init', '--check', '--database-url', url]);
      expect(again.code, again.stderr).to.equal(0);
      expect(again.stdout).to.include(`3. staging table ${schema}.ssd_api_data_staging: ssd-delta's; every migration applied\n`);
      expect(again.stdout).to.include(`   nothing to do on 19: ${TABLES.map((t) => `${schema}.${t}`).join(', ')}\n`);
      expect(verdict(again.stdout)).to.equal('init would succeed: nothing to do, everything is in place');
    });

    it('as a role with only USAGE and SELECT on the SSD schema: names the CREATE and TRIGGER it lacks with their GRANTs, exit 1, nothing changed', async () => {
      const { schema, url } = await seeded('reader', role);
      await query(`CREATE ROLE ${role} LOGIN; GRANT USAGE ON SCHEMA ${schema} TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
      const before = await catalog(schema);
      const check = await runCli(['init', '--check', '--database-url', url]);
      expect(check.code, check.stdout).to.equal(1);
      expect(check.stdout).to.include(`6. permissions of ${role} (init: init stops without it; run: running afterwards needs it)\n`);
      expect(check.stdout).to.include(`   LACKS init USAGE and CREATE on schema ${schema}, to create ssd-delta's tables (every init: CREATE TABLE IF NOT EXISTS of its ledger): lacks CREATE on schema ${schema}\n`);
      expect(check.stdout).to.include(`   LACKS init TRIGGER on the SSD tables in ${schema} (USAGE on the schema, EXECUTE on ${schema}.ssd_delta_capture), to create the capture triggers (init replaces them on every table): lacks TRIGGER on ${TABLES.slice(0, 8).map((t) => `${schema}.${t}`).join(', ')} and 11 more\n`);
      expect(check.stdout).to.include(`   has   run  USAGE on schema ${schema} and SELECT on the SSD tables\n`);
      expect(check.stdout).to.include(`     GRANT CREATE ON SCHEMA "${schema}" TO "${role}";\n`);
      expect(check.stdout).to.include(grantLines('TRIGGER', schema, TABLES, role).map((g) => `     ${g}\n`).join(''));
      expect(verdict(check.stdout)).to.equal(`init would stop at step 3 (staging): the login lacks CREATE on schema ${schema} (what to run is listed in 6)`);
      expect(await catalog(schema)).to.deep.equal(before);
      // What it said is what init does: init as that role stops where the check said.
      const init = await runCli(['init', '--database-url', url]);
      expect(init.code).to.not.equal(0);
      expect(init.stderr).to.match(/permission denied for schema/);
      expect(await catalog(schema)).to.deep.equal(before);
    });

    it('installed by another role, migrations from 0009 on pending: asks ownership of the functions and tables they replace or alter; the printed lines applied as the owner, the check passes and init as the role succeeds', async () => {
      const { schema, as } = await seeded('owned');
      const installed = await runCli(['init', '--database-url', as()]);
      expect(installed.code, installed.stderr).to.equal(0);
      await query(`DELETE FROM ${schema}.ssd_delta_migration WHERE name >= '0009'`);
      const app = await newRole('app');
      // What the reviewer's role had: CREATE on the schema, DML, TRIGGER, EXECUTE on the capture function; and one run-time function not open to PUBLIC.
      await query(`GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${app}; GRANT SELECT, INSERT, UPDATE, DELETE, TRIGGER ON ALL TABLES IN SCHEMA ${schema} TO ${app}; GRANT EXECUTE ON FUNCTION ${schema}.ssd_delta_capture() TO ${app}; REVOKE EXECUTE ON FUNCTION ${schema}.ssd_delta_snapshot(text) FROM PUBLIC`);
      const check = await runCli(['init', '--check', '--database-url', as(app)]);
      expect(check.code, check.stdout).to.equal(1);
      expect(check.stdout).to.include(`3. staging table ${schema}.ssd_api_data_staging: ssd-delta's; migrations to apply: ${MIGRATIONS.filter((m) => m >= '0009').join(', ')}\n`);
      const statements = printedStatements(check.stdout);
      expect(statements).to.deep.equal([
        `GRANT EXECUTE ON FUNCTION "${schema}"."ssd_delta_snapshot" TO "${app}";`,
        `ALTER TABLE "${schema}"."ssd_api_data_staging" OWNER TO "${app}";`,
        `ALTER TABLE "${schema}"."ssd_delta_api_attempt" OWNER TO "${app}";`,
        `ALTER TABLE "${schema}"."ssd_delta_watermark" OWNER TO "${app}";`,
        `ALTER TABLE "${schema}"."ssd_delta_last_cycle" OWNER TO "${app}";`,
        `ALTER FUNCTION "${schema}"."ssd_delta_capture" OWNER TO "${app}";`,
      ]);
      expect(verdict(check.stdout)).to.match(/^init would stop at step 3 \(staging\): the login lacks ownership of /);
      // Handing objects over takes them from the owner's own login: the other way is said too.
      expect(check.stdout).to.include(`instead, GRANT <the owner's role> TO "${app}"; is enough for init`);
      await query(statements.join('\n'));
      const again = await runCli(['init', '--check', '--database-url', as(app)]);
      expect(again.code, again.stdout).to.equal(0);
      expect(again.stdout).to.not.match(/LACKS|\?\?/);
      const init = await runCli(['init', '--database-url', as(app)]);
      expect(init.code, init.stderr).to.equal(0);
      expect(await query(`SELECT count(*)::int AS n FROM ${schema}.ssd_delta_migration`)).to.deep.equal([{ n: MIGRATIONS.length }]);
    });

    it('a role without SELECT on the SSD tables: says they are there and not readable, and lists every capture need for them in the same round; applying the printed lines is enough', async () => {
      const { schema, as } = await seeded('hidden');
      const app = await newRole('noread');
      await query(`GRANT USAGE ON SCHEMA ${schema} TO ${app}`);
      const check = await runCli(['init', '--check', '--database-url', as(app)]);
      expect(check.code, check.stdout).to.equal(1);
      expect(check.stdout).to.include(`4. SSD tables found in schema ${schema}: 0 of 19\n   there, not readable by this login: ${TABLES.join(', ')}\n`);
      expect(check.stdout).to.include(`   init would create them on 19: ${TABLES.map((t) => `${schema}.${t}`).join(', ')}\n`);
      expect(check.stdout).to.not.include("run your LA's SSD script");
      const statements = printedStatements(check.stdout);
      expect(statements).to.include.members([...grantLines('TRIGGER', schema, TABLES, app), ...grantLines('SELECT', schema, TABLES, app)]);
      await query(statements.join('\n'));
      const again = await runCli(['init', '--check', '--database-url', as(app)]);
      expect([again.code, verdict(again.stdout)], again.stdout).to.deep.equal([0, 'init would succeed: it would run to the end, doing what is listed above']);
      const init = await runCli(['init', '--database-url', as(app)]);
      expect(init.code, init.stderr).to.equal(0);
    });

    it('a role with CREATE on the schema and nothing on the SSD tables: the verdict is the TRIGGER it lacks on them, not the SSD script', async () => {
      const { schema, as } = await seeded('notrigger');
      const app = await newRole('notrig');
      await query(`GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${app}`);
      const check = await runCli(['init', '--check', '--database-url', as(app)]);
      expect(check.code, check.stdout).to.equal(1);
      expect(verdict(check.stdout)).to.match(/^init would stop at step 5 \(capture\): the login lacks TRIGGER on /);
    });

    it('a ledger the login may not read: asks only SELECT on it (no ownership from a guess), and says to run the check again', async () => {
      const { schema, as } = await seeded('ledger');
      const installed = await runCli(['init', '--database-url', as()]);
      expect(installed.code, installed.stderr).to.equal(0);
      const app = await newRole('ledger');
      await query(`GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${app}`);
      const check = await runCli(['init', '--check', '--database-url', as(app)]);
      expect(check.code, check.stdout).to.equal(1);
      expect(check.stdout).to.include(`3. staging table ${schema}.ssd_api_data_staging: ssd-delta's; migrations to apply: not known\n`);
      expect(check.stdout).to.not.include('OWNER TO');
      expect(printedStatements(check.stdout)).to.include(`GRANT SELECT ON "${schema}"."ssd_delta_migration" TO "${app}";`);
      expect(verdict(check.stdout)).to.match(/^init would stop at step 3 \(staging\): cannot read .*ssd_delta_migration.*run the check again$/);
    });

    it("triggers of ssd-delta's names calling another schema's capture function are not this install's: init would repoint them, and says so", async () => {
      const { schema, as } = await seeded('other');
      const installed = await runCli(['init', '--database-url', as()]);
      expect(installed.code, installed.stderr).to.equal(0);
      const second = `${schema}_b`;
      await query(`CREATE SCHEMA ${second}`);
      schemas.push(second);
      const check = await runCli(['init', '--check', '--database-url', as(), '--schema', second, '--ssd-schema', schema]);
      expect(check.code, check.stdout).to.equal(0);
      expect(check.stdout).to.include(`   init would create them on 19: ${TABLES.map((t) => `${schema}.${t}`).join(', ')}\n`);
      expect(check.stdout).to.include(`   ${TABLES.join(', ')}: capture triggers of ssd-delta's names call another schema's ssd_delta_capture (another ssd-delta?); init would repoint them to ${second}'s\n`);
    });

    it("fingerprint mode on a direct-mode install, as a role that owns no SSD table: the DROP TRIGGER lines are the tables' owner's to run, not GRANTs", async () => {
      const { schema, as } = await seeded('fingerprint');
      const installed = await runCli(['init', '--database-url', as()]);
      expect(installed.code, installed.stderr).to.equal(0);
      const app = await newRole('fp');
      await query(`GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${app}; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${app}`);
      const check = await runCli(['init', '--check', '--database-url', as(app)], { SSD_DELTA_CAPTURE_MODE: 'fingerprint' });
      expect(check.code, check.stdout).to.equal(1);
      const lines = check.stdout.split('\n');
      const dba = lines.findIndex((l) => l.startsWith('   for the DBA'));
      const owner = lines.findIndex((l) => l.startsWith('   for the owner of each object to run'));
      expect(owner, check.stdout).to.be.greaterThan(0);
      const drops = lines.filter((l) => l.startsWith('     DROP TRIGGER IF EXISTS '));
      expect(drops).to.have.length(TABLES.length * 4);
      expect(lines.indexOf(drops[0] as string)).to.equal(owner + 1);
      if (dba >= 0) expect(dba).to.be.lessThan(owner);
      // A held permission is one short line: no purpose, no detail.
      expect(lines.filter((l) => l.startsWith('   has ')).every((l) => !l.includes(', to '))).to.equal(true);
    });

    it('a staging table of that name ssd-delta did not make: says init would refuse it, as init does, exit 1', async () => {
      const { schema, url } = await seeded('foreign');
      await query(`CREATE TABLE ${schema}.ssd_api_data_staging (id int, person_id varchar(20), json_payload text, submission_status varchar(20))`);
      const before = await catalog(schema);
      const check = await runCli(['init', '--check', '--database-url', url]);
      expect(check.code, check.stdout).to.equal(1);
      expect(check.stdout).to.include(`3. staging table ${schema}.ssd_api_data_staging: a table of that name ssd-delta did not make\n`);
      const refusal = `"${schema}"."ssd_api_data_staging" already exists and is not ssd-delta's: it has no current_hash, row_state, attempt_count, offered_at, batch_id, lease_expires_at columns`;
      expect(verdict(check.stdout)).to.match(new RegExp(`^init would stop at step 3 \\(staging\\): ${refusal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(await catalog(schema)).to.deep.equal(before);
      const init = await runCli(['init', '--database-url', url]);
      expect([init.code, init.stderr]).to.deep.equal([2, `ssd-delta: ${verdict(check.stdout).replace('init would stop at step 3 (staging): ', '')}\n`]);
    });
  });

  it('on the embedded database: lists the migrations and triggers init would create, exits 0, and creates nothing (nor a database that is not there)', async () => {
    const dir = dirs.next();
    await seed('--data-dir', dir);
    const check = await runCli(['init', '--check', '--data-dir', dir]);
    expect(check.code, check.stderr).to.equal(0);
    expect(check.stdout).to.include(`3. staging table public.ssd_api_data_staging: not there; init creates it and ssd-delta's other tables with ${MIGRATIONS.length} migrations: ${MIGRATIONS.join(', ')}\n`);
    expect(check.stdout).to.include(`   init would create them on 19: ${TABLES.map((t) => `public.${t}`).join(', ')}\n`);
    expect(verdict(check.stdout)).to.equal('init would succeed: it would run to the end, doing what is listed above');
    // status reads whether ssd-delta's tables are there: they are not.
    const status = await runCli(['status', '--data-dir', dir]);
    expect([status.code, status.stderr]).to.deep.equal([2, `ssd-delta: no ssd-delta tables in PGlite at ${dir}: run \`ssd-delta init\` first\n`]);
    const missing = dirs.next();
    const none = await runCli(['init', '--check', '--data-dir', missing]);
    expect([none.code, none.stderr]).to.deep.equal([2, `ssd-delta: no embedded database at ${missing}: run \`ssd-delta seed\` or \`ssd-delta init\` with the same --data-dir first\n`]);
    expect(existsSync(missing)).to.equal(false);
  });
});
