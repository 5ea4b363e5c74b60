import { expect } from 'chai';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { fixedClock } from '../../src/core/clock.js';
import { createDocumentHasher } from '../../src/payload/canonical-hash.js';
import { dryBuild } from '../../src/pipeline/dry-build.js';
import { seedSsd } from '../../src/simulate/seed-ssd.js';
import { documentTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { STREAMS } from '../helpers/test-sources.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

/**
 * Golden files: the exact documents (canonical JSON, pretty-printed for readable diffs) of a
 * small fixed synthetic LA on a fixed date. A change to the builder shows up as a diff here;
 * when the change is intended, regenerate with SSD_DELTA_UPDATE_GOLDEN=1 npm test and review
 * the diff before committing it.
 */
const FOLDER = join(PACKAGE_ROOT, 'test', 'fixtures', 'golden');
const TODAY = '2026-04-01'; // the day after a census date: the window spans three 31 Marches

for (const target of documentTargets()) {
  describe(`golden documents (${target.name})`, function () {
    this.timeout(120_000);
    let db: PortDatabase;
    before(async () => {
      db = await target.open();
      await db.source.schema.migrate();
      await seedSsd(ssdWriterOf(db.source), { children: 50, seed: 42, today: TODAY }); // 50: the set includes an adoption block
    });
    after(async () => db?.dispose());

    it('builds exactly the checked-in documents for a fixed dataset and date', async () => {
      const built = new Map<string, string>();
      await dryBuild({ source: db.source, streams: STREAMS, hasher: await createDocumentHasher(), clock: fixedClock(TODAY), chunkSize: 50 }, (children) => {
        for (const { built: child } of children) {
          if (child.kind === 'document') built.set(`${child.personId}.json`, `${JSON.stringify(JSON.parse(child.json), null, 2)}\n`);
        }
      });
      expect(built.size).to.be.greaterThan(30);
      if (process.env.SSD_DELTA_UPDATE_GOLDEN === '1') {
        rmSync(FOLDER, { recursive: true, force: true });
        mkdirSync(FOLDER, { recursive: true });
        for (const [file, text] of built) writeFileSync(join(FOLDER, file), text);
      }
      expect(readdirSync(FOLDER).sort()).to.deep.equal([...built.keys()].sort());
      for (const [file, text] of built) expect(text, file).to.equal(readFileSync(join(FOLDER, file), 'utf8'));
    });
  });
}
