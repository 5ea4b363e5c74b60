import { expect } from 'chai';
import { seedSsd } from '../../src/simulate/seed-ssd.js';
import { generateSyntheticLa } from '../../src/simulate/synthetic-la.js';
import { MemorySsdWriter } from '../helpers/memory-ssd-writer.js';

describe('seedSsd', () => {
  it('creates the tables and inserts the generated LA in chunks of at most 5000 rows', async () => {
    const writer = new MemorySsdWriter();
    const options = { children: 1500, seed: 4, today: '2026-08-10' };
    const summary = await seedSsd(writer, options);
    const la = generateSyntheticLa(options);
    expect(Object.keys(summary.rows)).to.have.length(19);
    let total = 0;
    for (const [table, rows] of Object.entries(la.tables)) {
      expect(summary.rows[table], table).to.equal(rows.length);
      expect(await writer.countRows(table), table).to.equal(rows.length);
      total += rows.length;
    }
    expect(summary.totalRows).to.equal(total);
    const inserts = writer.calls.filter((c) => c.op === 'insert');
    expect(inserts.every((c) => c.rows.length <= 5000 && c.rows.length > 0)).to.equal(true);
    expect(inserts.filter((c) => c.table === 'ssd_involvements').length).to.be.greaterThan(1);
    expect(writer.find('ssd_person', '1000000')?.pers_person_id).to.equal('1000000');
  });

  it('fails loudly when seeded twice into the same tables (keys collide)', async () => {
    const writer = new MemorySsdWriter();
    await seedSsd(writer, { children: 20, seed: 1, today: '2026-08-10' });
    let error: unknown;
    try {
      await seedSsd(writer, { children: 20, seed: 1, today: '2026-08-10' });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/duplicate key/);
  });
});
