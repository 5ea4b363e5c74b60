import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStreamDefinitions } from '../../src/streams/stream-definition.js';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/core/errors.js';
import type { SsdRow } from '../../src/source/ssd-row.js';
import { openHarness, type CycleHarness } from '../helpers/cycle-harness.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { portTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

describe('bad input: configuration (each one clear line, exit 2, nothing opened)', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'ssd-delta-bad-config-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  const CASES: Array<{ name: string; args?: string[]; env?: Record<string, string>; config?: string; says: RegExp }> = [
    { name: 'a config file that is not JSON', config: '{"submit": {"batchSize": 50,}}', says: /config file .* is not valid JSON/ },
    { name: 'a config file that is a list', config: '[1, 2]', says: /must hold a JSON object like config\/example\.json/ },
    { name: 'an unknown key', config: '{"capture": {"maxDeleteShare": 0.2}}', says: /unknown key "capture\.maxDeleteShare"/ },
    { name: 'a number as text', config: '{"capture": {"maxPurgedShare": "ten percent"}}', says: /"capture\.maxPurgedShare" \(from .*\) must be a number from 0 to 1/ },
    { name: 'a share above 1', env: { SSD_DELTA_CAPTURE_MAX_SHRINK_SHARE: '1.5' }, says: /"capture\.maxShrinkShare" \(from environment\) must be at most 1/ },
    { name: 'SQL smuggled in the staging table name', args: ['--staging-table', 'staging; DROP TABLE ssd_person'], says: /"database\.stagingTable" \(from command line\)/ },
    { name: 'SQL smuggled in the staging table name from a file', config: '{"database": {"stagingTable": "x\\" OR 1=1 --"}}', says: /"database\.stagingTable"/ },
    { name: 'a secret in a config file', config: '{"database": {"password": "hunter2"}}', says: /must not be in a config file/ },
  ];

  for (const c of CASES) {
    it(c.name, async () => {
      const args = ['status', '--data-dir', join(dir, 'never-created'), ...(c.args ?? [])];
      if (c.config !== undefined) args.push('--config', file(`${c.name.replace(/\W+/g, '-')}.json`, c.config));
      const result = await runCli(args, c.env);
      expect(result.code, result.stderr).to.equal(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines, 'one line').to.have.length(1);
      expect(lines[0]).to.match(/^ssd-delta: /).and.match(c.says);
      expect(result.stderr).to.not.match(/hunter2|DROP TABLE.*at |\n\s+at /);
    });
  }
});

describe('bad input: stream definitions that would put SQL into identifiers are refused at load', () => {
  const person = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'streams', 'ssd_person.json'), 'utf8')) as Record<string, unknown>;
  const CASES: Array<{ name: string; change: (def: Record<string, unknown>) => void; says: RegExp }> = [
    { name: 'a table name with a statement after it', change: (d) => { d.table = 'ssd_person; DROP TABLE ssd_person'; }, says: /"table" must be a lower-case SQL name/ },
    { name: 'a key column with a quote', change: (d) => { d.key = ['pers_person_id" OR "1"="1']; }, says: /"key\.0" must be a lower-case SQL name/ },
    { name: 'a column name with a comment', change: (d) => { d.columns = { ...(d.columns as object), 'pers_dob--': 'date' }; }, says: /"columns\.pers_dob--" Invalid key/ },
    { name: 'a person column with a space', change: (d) => { d.reach = [{ person: 'pers_person_id OR 1' }]; }, says: /"reach\.0\.person" must be a lower-case SQL name/ },
    { name: 'a hop to a schema-qualified table', change: (d) => { d.reach = [{ via: [{ table: 'pg_catalog.pg_authid', from: 'a', to: 'b' }], person: 'x' }]; }, says: /"reach\.0\.via\.0\.table" must be a lower-case SQL name/ },
    { name: 'an unknown field', change: (d) => { d.where = '1=1'; }, says: /Unrecognized key|where/ },
  ];
  for (const c of CASES) {
    it(c.name, () => {
      const dir = mkdtempSync(join(tmpdir(), 'ssd-delta-bad-stream-'));
      try {
        const def = structuredClone(person);
        c.change(def);
        writeFileSync(join(dir, 'ssd_person.json'), JSON.stringify(def));
        let error: unknown;
        try {
          loadStreamDefinitions(dir);
        } catch (e) {
          error = e;
        }
        expect(error).to.be.instanceOf(ConfigError);
        expect((error as Error).message).to.match(/^stream definition .*ssd_person\.json: /).and.match(c.says);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

/** A bad row, and what must become of its child: flagged invalid with a reason, or sent as it is. */
interface BadRowCase {
  readonly name: string;
  /** Schema changes an LA's own DDL may have: looser types, no primary key. */
  readonly ddl?: { readonly widen?: readonly [string, string]; readonly nullKey?: readonly [string, string] };
  /** The bad child's person row changes, and its episode row changes, over a good child's rows. */
  readonly person?: SsdRow;
  readonly episode?: SsdRow;
  /** Extra rows, after the child's own. */
  readonly extra?: (id: string, template: { person: SsdRow; episode: SsdRow }) => Array<{ table: string; rows: SsdRow[] }>;
  readonly expect:
    | { readonly status: 'invalid'; readonly reason: RegExp }
    | { readonly status: 'sent'; readonly check?: (doc: Record<string, unknown>) => void }
    /** Out of the cohort by the rules (too old, not born): no staging row, never sent. */
    | { readonly status: 'absent' };
}

const MEGABYTE = 'x'.repeat(1_048_576);

const ROW_CASES: BadRowCase[] = [
  { name: 'an id over 20 characters', person: { pers_person_id: 'P123456789012345678901' }, expect: { status: 'invalid', reason: /la_child_id/ } },
  { name: 'an id with punctuation', person: { pers_person_id: 'P-12/3' }, expect: { status: 'invalid', reason: /la_child_id/ } },
  { name: 'a date of birth in year 1 (too old for the cohort)', person: { pers_dob: '0001-01-01' }, expect: { status: 'absent' } },
  { name: 'a date of birth in 9999 (not born: not in the cohort)', person: { pers_dob: '9999-12-31' }, expect: { status: 'absent' } },
  // The contract has no rule that a closure follows its referral: the API is told what the SSD says.
  { name: 'an episode closed before it was referred', episode: { cine_close_date: '2026-01-01', cine_referral_date: '2026-03-01' }, expect: { status: 'sent' } },
  { name: 'an unknown sex and ethnicity code', person: { pers_sex: 'Q', pers_ethnicity: 'NOT-A-CODE' }, expect: { status: 'sent' } },
  {
    name: 'emoji and right-to-left names',
    person: { pers_forename: 'Zoë 😀', pers_surname: 'عبد الله' },
    expect: { status: 'sent', check: (doc) => expect(doc.child_details).to.include({ first_name: 'Zoë 😀', surname: 'عبد الله' }) },
  },
  // The contract sets no maximum for names: sent as the SSD holds it (the API's unpublished body
  // limit, if it refuses, answers 413 and the child alone becomes error with that answer).
  {
    name: 'a 1 MB surname',
    ddl: { widen: ['ssd_person', 'pers_surname'] },
    person: { pers_surname: MEGABYTE },
    expect: { status: 'sent', check: (doc) => expect(String((doc.child_details as { surname?: string }).surname).length).to.equal(MEGABYTE.length) },
  },
  // A postcode has a maximum (8): a megabyte of one is left out, the rest of the child is sent.
  {
    name: 'a 1 MB postcode',
    ddl: { widen: ['ssd_address', 'addr_address_postcode'] },
    extra: (id) => [{ table: 'ssd_address', rows: [{ addr_table_id: `AMB${id}`, addr_person_id: id, addr_address_start_date: '2026-06-01', addr_address_postcode: MEGABYTE }] }],
    expect: { status: 'sent', check: (doc) => expect(doc.child_details).to.not.have.property('postcode') },
  },
  {
    name: 'a NULL key and a duplicate key in an address table without a primary key',
    ddl: { nullKey: ['ssd_address', 'addr_table_id'] },
    extra: (id) => [{ table: 'ssd_address', rows: [
      { addr_table_id: null, addr_person_id: id, addr_address_start_date: '2026-05-01', addr_address_postcode: 'NU1 1LL' },
      { addr_table_id: 'ADUP1', addr_person_id: id, addr_address_start_date: '2026-05-02', addr_address_postcode: 'DU1 1PE' },
      { addr_table_id: 'ADUP1', addr_person_id: id, addr_address_start_date: '2026-05-03', addr_address_postcode: 'DU2 2PE' },
    ] }],
    expect: { status: 'sent' },
  },
];

for (const target of portTargets()) {
  describe(`bad input: SSD rows (${target.name}): each bad child is flagged with its reason, the rest goes on`, function () {
    this.timeout(300_000);
    let h: CycleHarness<PortDatabase>;
    let template: { person: SsdRow; episode: SsdRow };
    let round = 0;

    before(async () => {
      h = await openHarness(await target.open(), 60);
      await h.cycle();
      const child = h.sim.api.heldIds()[0] as string;
      const [person] = await h.rowsWhere('ssd_person', 'pers_person_id', child);
      const [episode] = await h.rowsWhere('ssd_cin_episodes', 'cine_person_id', child);
      template = { person: person as SsdRow, episode: { ...episode, cine_referral_date: '2026-02-01', cine_close_date: null } };
    });
    after(async () => h?.close());

    for (const c of ROW_CASES) {
      it(c.name, async () => {
        round += 1;
        // The writer remembers column types: one made anew sees the LA's DDL as it now is.
        if (c.ddl?.widen) await h.db.sql.widenToText(...c.ddl.widen);
        if (c.ddl?.nullKey) await h.db.sql.allowNullKey(...c.ddl.nullKey);
        const ssd = ssdWriterOf(c.ddl ? await h.db.sourceWith!({}) : h.db.source);
        const id = String(c.person?.pers_person_id ?? `BAD${round}`);
        await ssd.insertRows('ssd_person', [{ ...template.person, pers_legacy_id: null, ...c.person, pers_person_id: id }]);
        await ssd.insertRows('ssd_cin_episodes', [{ ...template.episode, ...c.episode, cine_referral_id: `RBAD${round}`, cine_person_id: id }]);
        for (const { table, rows } of c.extra?.(id, template) ?? []) await ssd.insertRows(table, rows);
        // A good child changes in the same cycle: it is sent whatever the bad one is.
        const good = h.sim.api.heldIds()[round] as string;
        await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: good, pers_surname: `Good${round}` }]);
        const stats = await h.cycle();
        expect(stats.errors).to.equal(0);
        expect((h.sim.api.receivedFor(good).at(-1)?.document as { child_details?: { surname?: string } }).child_details?.surname, 'the good child').to.equal(`Good${round}`);
        const row = await h.staging(id);
        if (c.expect.status === 'absent') {
          expect(row, 'no staging row').to.equal(undefined);
          expect(h.sim.api.receivedFor(id), 'never sent').to.have.length(0);
          return;
        }
        if (c.expect.status === 'invalid') {
          expect(row, 'flagged').to.include({ submission_status: 'invalid' });
          expect(String(row?.validation_errors)).to.match(c.expect.reason);
          expect(h.sim.api.receivedFor(id), 'never sent').to.have.length(0);
        } else {
          expect(row, `${String(row?.validation_errors)}`).to.include({ submission_status: 'sent' });
          c.expect.check?.(h.sim.api.current(id) as Record<string, unknown>);
        }
        expect(String(row?.validation_errors ?? '').length, 'the reason stays short (no megabyte copied into it)').to.be.below(2000);
      });
    }
  });
}

describe('bad input: validate exits 1 while a document is invalid', function () {
  this.timeout(120_000);
  it('lists the invalid child with its reason and exits 1; 0 once it is fixed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssd-delta-validate-'));
    try {
      const db = join(dir, 'db');
      mkdirSync(db);
      expect((await runCli(['seed', '--children', '40', '--data-dir', db])).code).to.equal(0);
      expect((await runCli(['init', '--data-dir', db])).code).to.equal(0);
      const { openPglite } = await import('../../src/source/postgres/pglite-connection.js');
      const edit = async (sql: string): Promise<void> => {
        const pglite = await openPglite(db);
        await pglite.exec(sql);
        await pglite.close();
      };
      // One child's id made longer than the API allows, in its person row and its episodes.
      const child = "(SELECT cine_person_id FROM ssd_cin_episodes ORDER BY cine_referral_id LIMIT 1)";
      await edit(`CREATE TEMP TABLE c AS SELECT ${child} AS id; UPDATE ssd_cin_episodes SET cine_person_id = 'P123456789012345678901' WHERE cine_person_id = (SELECT id FROM c); UPDATE ssd_person SET pers_person_id = 'P123456789012345678901' WHERE pers_person_id = (SELECT id FROM c)`);
      const bad = await runCli(['validate', '--data-dir', db]);
      expect(bad.code, bad.stderr).to.equal(1);
      expect(bad.stdout).to.match(/^P123456789012345678901: .*la_child_id/m).and.match(/, 1 with invalid documents/);
      await edit("UPDATE ssd_cin_episodes SET cine_person_id = 'P1234' WHERE cine_person_id = 'P123456789012345678901'; UPDATE ssd_person SET pers_person_id = 'P1234' WHERE pers_person_id = 'P123456789012345678901'");
      expect((await runCli(['validate', '--data-dir', db])).code).to.equal(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
