import { Command } from 'commander';
import { createDocumentHasher } from '../payload/canonical-hash.js';
import type { CycleStats } from '../pipeline/cycle-stats.js';
import { guardsFromConfig } from '../pipeline/guards-from-config.js';
import { runCycle } from '../pipeline/run-cycle.js';
import { submitSettingsFromConfig } from '../submit/submit-policy.js';
import { simulateChanges } from '../simulate/change-simulator.js';
import { addCommonOptions, addFlags, configFlags, type FlagMap } from './common-options.js';
import { openApp, type AppContext } from './app-context.js';
import { initDatabase } from './init-command.js';
import { formatCycleTable } from './cycle-table.js';
import { RUN_FLAGS } from './run-command.js';
import { seedIfEmpty, SYNTHETIC_FLAGS } from './seed-command.js';
import { simulatorSubmitSettings, startConfiguredSimulator } from './simulated-poster.js';
import { ssdWriterOf } from '../source/ssd-writer.js';
import { longestPostMs } from '../config/lease-check.js';

const DEMO_FLAGS: FlagMap = [
  ...SYNTHETIC_FLAGS,
  { flag: '--rounds <n>', key: 'demo.rounds', help: 'rounds of simulated changes after the first cycle (demo.rounds, default 3)' },
  ...RUN_FLAGS.filter((f) => f.key !== 'payload.asOf'),
];

/** One printed line of the demo. */
export interface DemoCycle {
  readonly label: string;
  readonly stats: CycleStats;
}

/**
 * The whole job on the embedded default: seed a synthetic LA, install capture, start the
 * simulated API, run a first cycle (every in-cohort child new, then sent), then `rounds` of
 * simulated changes each followed by a delta cycle. `report` receives progress lines.
 */
export async function runDemo(app: AppContext, report: (line: string) => void): Promise<DemoCycle[]> {
  const { demo } = app.config;
  const today = app.clock.today();
  const seeded = await seedIfEmpty(app.source, { children: demo.children, seed: demo.seed, today });
  report(seeded ? `seeded ${seeded.totalRows} SSD rows for ${demo.children} synthetic children (seed ${demo.seed}, today ${today})` : 'SSD tables already hold data: reusing them');
  const init = await initDatabase(app);
  report(`ssd-delta tables ready; capture installed on ${init.captured.length} SSD tables`);
  const sim = await startConfiguredSimulator(app.config);
  report(`simulated DfE API listening on ${sim.api.url}${app.config.simulator.chaos ? ' (chaos: faults and latency injected)' : ''}`);
  try {
    const deps = {
      source: app.source, streams: app.streams, hasher: await createDocumentHasher(), clock: app.clock, settings: app.settings,
      logger: app.logger, chunkSize: app.config.capture.chunkSize, poster: sim.poster, submit: { ...simulatorSubmitSettings(app.config, submitSettingsFromConfig(app.config.submit)), longestPostMs: longestPostMs(app.config.api.timeoutMs) }, payload: app.config.payload,
      guards: guardsFromConfig(app.config.capture),
    };
    const cycles: DemoCycle[] = [{ label: 'first', stats: await runCycle(deps) }];
    for (let round = 1; round <= demo.rounds; round += 1) {
      const changes = await simulateChanges(ssdWriterOf(app.source), { seed: demo.seed, round, today });
      report(`round ${round}: ${changes.operations.length} writes (${changes.operations.reduce((n, o) => n + o.rows, 0)} rows) across ${new Set(changes.operations.map((o) => o.table)).size} SSD tables`);
      cycles.push({ label: `round ${round}`, stats: await runCycle(deps) });
    }
    const received = sim.api.received();
    const faults = new Map<string, number>();
    for (const r of sim.api.requests()) if (r.route === 'children' && r.outcome !== 200) faults.set(String(r.outcome), (faults.get(String(r.outcome)) ?? 0) + 1);
    const faulted = faults.size === 0 ? '' : ` (faults answered: ${[...faults].map(([what, n]) => `${what} x${n}`).join(', ')})`;
    report(`the simulated API received ${received.length} documents for ${new Set(received.map((r) => r.laChildId)).size} children in ${sim.api.requestCount} POSTs${faulted}`);
    return cycles;
  } finally {
    await sim.api.close();
  }
}

/** `ssd-delta demo` (what `npm start` runs). */
export function demoCommand(): Command {
  const command = new Command('demo')
    .description('run the whole job on an embedded database and the built-in simulated API: seed, first cycle, rounds of changes with a delta cycle after each')
    .action(async (options: Record<string, unknown>) => {
      const app = await openApp({ configFile: options.config as string | undefined, flags: configFlags(options, DEMO_FLAGS), embedded: 'temporary', quietLog: true });
      try {
        process.stdout.write(`database: ${app.source.description}\n`);
        const cycles = await runDemo(app, (line) => process.stdout.write(`${line}\n`));
        process.stdout.write(`\n${formatCycleTable(cycles)}\n`);
        const counts = await app.source.staging.statusCounts();
        process.stdout.write(`\nstaging rows: ${counts.map((c) => `${c.rowState}/${c.submissionStatus} ${c.count}`).join(', ')}\n`);
      } finally {
        await app.source.close();
      }
    });
  return addFlags(addCommonOptions(command, true), DEMO_FLAGS);
}
