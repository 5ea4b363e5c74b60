import { Command } from 'commander';
import { ConfigError } from '../core/errors.js';
import { addCommonOptions } from './common-options.js';
import { withInitialisedApp } from './initialised-app.js';

/**
 * `ssd-delta refresh`: refreshes the fingerprints of every SSD table (or the ones named) now,
 * for the LA's job to run right after its SSD script has reloaded the tables. Only rows whose
 * hash changed become changes; the next `run` sends what they changed. Unlike the poll a `run`
 * makes, it refreshes an empty table too (the load has finished: an empty table is really empty,
 * and the mass-delete guard still stands between it and the API).
 */
export function refreshCommand(): Command {
  const command = new Command('refresh')
    .description("capture.mode=fingerprint: compare every SSD table (or --stream ones) with ssd-delta's fingerprints now and record the rows that really changed; run it from the LA's job after the SSD load")
    .option('--stream <name...>', 'only these SSD tables (e.g. ssd_person ssd_cla_episodes)')
    .action(async (options: Record<string, unknown>) => {
      await withInitialisedApp(options, async (app) => {
        if (app.source.capture.mode !== 'fingerprint') {
          process.stdout.write('capture.mode is direct: changes are tracked as they are written, there is nothing to refresh\n');
          return;
        }
        const names = (options.stream as string[] | undefined) ?? [];
        const unknown = names.filter((n) => !app.streams.some((s) => s.stream === n));
        if (unknown.length > 0) throw new ConfigError(`--stream ${unknown.join(', ')}: not an SSD table ssd-delta reads; known: ${app.streams.map((s) => s.stream).join(', ')}`);
        const streams = names.length > 0 ? app.streams.filter((s) => names.includes(s.stream)) : app.streams;
        const reports = await app.source.capture.refresh(streams, { onlyMoved: false });
        let changed = 0;
        for (const r of reports) {
          changed += r.inserted + r.updated + r.deleted;
          if (r.inserted + r.updated + r.deleted > 0) process.stdout.write(`${r.stream}: ${r.inserted} new, ${r.updated} changed, ${r.deleted} gone\n`);
        }
        process.stdout.write(`refreshed ${reports.length} SSD tables: ${changed} rows changed; the next run sends what they change\n`);
      });
    });
  return addCommonOptions(command, true);
}
