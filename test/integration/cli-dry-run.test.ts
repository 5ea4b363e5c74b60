import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openPglite } from '../../src/source/postgres/pglite-connection.js';
import { compiledCli } from '../helpers/compiled-cli.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDataDirs } from '../helpers/temp-data-dirs.js';

describe('ssd-delta validate and export (dry runs)', function () {
  this.timeout(180_000);
  const dirs = tempDataDirs('ssd-delta-dry-');
  after(() => dirs.cleanup());

  it('on a terminal, long work shows a bar with the counts, the rate and the time left (a real pseudo-terminal: util-linux script)', async function () {
    if (!existsSync('/usr/bin/script')) return this.skip();
    const db = dirs.next();
    expect((await runCli(['seed', '--children', '120', '--data-dir', db])).code).to.equal(0);
    expect((await runCli(['init', '--data-dir', db])).code).to.equal(0);
    const command = [process.execPath, compiledCli(), 'validate', '--data-dir', db].map((a) => `'${a}'`).join(' ');
    const shown = execFileSync('/usr/bin/script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, TERM: 'xterm', SSD_DELTA_CAPTURE_CHUNK_SIZE: '40' } });
    const frames = shown.split(/\r|\x1b\[1G/).filter((f) => f.startsWith('building children ['));
    expect(frames.length, shown).to.be.greaterThan(1);
    expect(frames.at(-1)).to.match(/^building children \[[^\]]+\] (\d+)\/\1 \| \d+\/s \| \d+s left/);
    expect(shown).to.match(/children in the cohort, 0 with invalid documents/);
  });

  it('export writes what the next run would send, and nothing once it has been sent; validate finds no invalid document', async function () {
    this.timeout(360_000); // a dozen CLI processes, each opening the embedded database: minutes on a loaded machine
    const db = dirs.next();
    expect((await runCli(['seed', '--children', '60', '--data-dir', db])).code).to.equal(0);
    expect((await runCli(['init', '--data-dir', db])).code).to.equal(0);

    // The synthetic LA writes codes and the DfE's descriptions, which map: every value maps.
    const plain = JSON.parse((await runCli(['validate', '--json', '--data-dir', db])).stdout) as { unmappedCodes: unknown[] };
    expect(plain.unmappedCodes).to.deep.equal([]);
    // An LA's own spelling of an activity, as the latest contact of a care leaver: reported, and then mapped in config.
    const pglite = await openPglite(db);
    await pglite.exec("UPDATE ssd_care_leavers SET clea_care_leaver_activity = 'Full time higher education' WHERE clea_table_id = (SELECT clea_table_id FROM ssd_care_leavers ORDER BY clea_care_leaver_latest_contact DESC, clea_table_id LIMIT 1)");
    await pglite.close();
    const validate = await runCli(['validate', '--json', '--data-dir', db]);
    expect(validate.code, validate.stderr).to.equal(0);
    const report = JSON.parse(validate.stdout) as { documents: number; invalid: unknown[]; unmappedCodes: unknown[] };
    expect(report.documents).to.be.greaterThan(40);
    expect(report.invalid).to.deep.equal([]);
    expect(report.unmappedCodes).to.deep.equal([{ field: 'careLeaverActivity', value: 'Full time higher education', children: 1 }]);
    const text = await runCli(['validate', '--data-dir', db]);
    expect(text.stdout).to.match(/^unmapped careLeaverActivity value "Full time higher education" \(1 child\): left out; map it in payload\.codes\.careLeaverActivity$/m);
    const config = join(dirs.next(), 'codes.json');
    mkdirSync(dirname(config), { recursive: true });
    writeFileSync(config, JSON.stringify({ payload: { codes: { careLeaverActivity: { 'Full time higher education': 'F1' } } } }));
    const mapped = await runCli(['validate', '--json', '--data-dir', db, '--config', config]);
    expect((JSON.parse(mapped.stdout) as { unmappedCodes: unknown[] }).unmappedCodes).to.deep.equal([]);

    const out = join(dirs.next(), 'export');
    const exported = await runCli(['export', '--out', out, '--data-dir', db]);
    expect(exported.code, exported.stderr).to.equal(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { written: Array<{ personId: string; rowState: string }> };
    expect(manifest.written).to.have.length(report.documents);
    expect(new Set(manifest.written.map((w) => w.rowState))).to.deep.equal(new Set(['new']));
    const first = manifest.written[0]?.personId as string;
    expect(JSON.parse(readFileSync(join(out, `${first}.json`), 'utf8'))).to.include({ la_child_id: first, purge: false });
    expect(readdirSync(out)).to.have.length(report.documents + 1);

    expect((await runCli(['run', '--simulated-api', '--data-dir', db])).code).to.equal(0);
    const clean = await runCli(['reconcile', '--data-dir', db]);
    expect(clean.code, clean.stderr).to.equal(0);
    expect(clean.stdout).to.match(new RegExp(`^\\d+ children checked: ${report.documents} as the API holds them, \\d+ outside the cohort and not held, 0 already queued, 0 invalid, 0 missing, 0 different, 0 held but gone from the SSD or the cohort$`, 'm'));
    const again = join(dirs.next(), 'export');
    expect((await runCli(['export', '--out', again, '--data-dir', db])).code).to.equal(0);
    expect(readdirSync(again)).to.deep.equal(['manifest.json']);
    // --all writes every child's whole current document, sent or not: what the DfE should hold.
    const everything = join(dirs.next(), 'all');
    const all = await runCli(['export', '--all', '--out', everything, '--data-dir', db]);
    expect(all.code, all.stderr).to.equal(0);
    expect(all.stdout).to.match(new RegExp(`^wrote ${report.documents} current documents of every child in the cohort to `));
    const allManifest = JSON.parse(readFileSync(join(everything, 'manifest.json'), 'utf8')) as { all: boolean; written: Array<{ personId: string }> };
    expect(allManifest.all).to.equal(true);
    expect(allManifest.written.map((w) => w.personId).sort()).to.deep.equal(manifest.written.map((w) => w.personId).sort());
    expect(readFileSync(join(everything, `${first}.json`), 'utf8')).to.equal(readFileSync(join(out, `${first}.json`), 'utf8'));
    const again2 = await runCli(['export', '--all', '--out', everything, '--data-dir', db]);
    expect([again2.code, again2.stderr.trim()], 'a folder already holding an export is refused').to.deep.equal([2, `ssd-delta: --out ${everything} already holds exported files: give a new or empty folder, so no file of an earlier export is taken for this one`]);

    // After changes, updated children are written as the run would send them: whole plus purges
    // in full mode, only what changed in partial mode.
    expect((await runCli(['simulate', '--round', '1', '--data-dir', db])).code).to.equal(0);
    const [full, partial] = [join(dirs.next(), 'full'), join(dirs.next(), 'partial')];
    expect((await runCli(['export', '--out', full, '--data-dir', db])).code).to.equal(0);
    expect((await runCli(['export', '--out', partial, '--payload-mode', 'partial', '--data-dir', db])).code).to.equal(0);
    const updated = (JSON.parse(readFileSync(join(partial, 'manifest.json'), 'utf8')) as { written: Array<{ personId: string; rowState: string }> }).written.filter((w) => w.rowState === 'updated');
    expect(updated.length).to.be.greaterThan(0);
    const size = (dir: string, id: string): number => readFileSync(join(dir, `${id}.json`), 'utf8').length;
    expect(updated.some(({ personId }) => size(partial, personId) < size(full, personId)), 'some partial document is smaller than the full one').to.equal(true);
    for (const { personId } of updated) expect(JSON.parse(readFileSync(join(partial, `${personId}.json`), 'utf8'))).to.include.keys('la_child_id', 'child_details');

    // Changes no run has seen yet differ from what the API holds: reconcile lists them (exit 1), --mark queues them (exit 0).
    const found = await runCli(['reconcile', '--json', '--data-dir', db]);
    expect(found.code, found.stderr).to.equal(1);
    const listed = (JSON.parse(found.stdout) as { discrepancies: Array<{ personId: string; standing: string }> }).discrepancies;
    expect(listed.filter((d) => d.standing === 'differs').map((d) => d.personId)).to.include.members(updated.map((u) => u.personId));
    const marked = await runCli(['reconcile', '--mark', '--data-dir', db]);
    expect(marked.code, marked.stderr).to.equal(0);
    expect(marked.stdout).to.match(new RegExp(`^${listed.length} children marked pending: the next run sends them$`, 'm'));
  });
});
