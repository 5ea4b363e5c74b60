/**
 * Seeds one synthetic LA for `npm run bench` (run by benchmarks/run.ts in a process of its own):
 * `--children N --database pglite:<folder>|URL --ssd-schema S`. Prints one JSON line: rows and seconds.
 */
import { seedSsd } from '../src/simulate/seed-ssd.js';
import { postgresSource } from '../src/source/postgres/postgres-source.js';
import { STREAMS } from '../test/helpers/test-sources.js';
import { BENCH_TODAY, openLaDatabase } from './la-database.js';
import { ssdWriterOf } from '../src/source/ssd-writer.js';
import { benchArgs } from './bench-args.js';

const USAGE = 'la-seed.ts --children N --database pglite:<folder>|URL --ssd-schema S\n\nSeeds one synthetic LA for npm run bench, which runs it in a process of its own (benchmarks/run.ts): not meant to be run alone. Prints one JSON line: rows and seconds.';

const { values } = benchArgs(USAGE, { children: { type: 'string' }, database: { type: 'string' }, 'ssd-schema': { type: 'string' } });
const schema = String(values['ssd-schema']);
const { db } = await openLaDatabase(String(values.database), schema);
const source = postgresSource(db, { schema, ssdSchema: schema, stagingTable: 'ssd_api_data_staging' }, STREAMS);
try {
  const start = performance.now();
  const seeded = await seedSsd(ssdWriterOf(source), { children: Number(values.children), seed: 1, today: BENCH_TODAY });
  // Planner statistics, as an LA's nightly load leaves them (autovacuum may not have come by yet).
  await db.exec(`ANALYZE`);
  process.stdout.write(`${JSON.stringify({ rows: seeded.totalRows, seconds: (performance.now() - start) / 1000 })}\n`);
} finally {
  await source.close();
}
