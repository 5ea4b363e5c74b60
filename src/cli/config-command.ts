import { Command } from 'commander';
import { explainConfig } from '../config/explain-config.js';
import { loadConfigWithOrigins } from '../config/load-config.js';
import { addCommonOptions, addFlags, configFlags } from './common-options.js';
import { RUN_FLAGS } from './run-command.js';
import { SERVE_FLAGS } from './serve-command.js';

/**
 * `ssd-delta config`: the configuration a command given the same file, environment and flags
 * would run with, each key with its value and where it came from. Secrets are never shown; the
 * database is not opened.
 */
export function configCommand(): Command {
  const command = new Command('config')
    .description('print the effective configuration: every key, its value and where it came from (default, file, environment, flag); secrets shown as ***, nothing opened')
    .option('--json', 'print a JSON array of {key, value, source} instead of a table')
    .action((options: Record<string, unknown>) => {
      const { config, origins } = loadConfigWithOrigins({ file: options.config as string | undefined, readSecretFiles: false, flags: configFlags(options, [...SERVE_FLAGS, ...RUN_FLAGS.filter((f) => f.key === 'payload.asOf')]) });
      const keys = explainConfig(config, origins);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
        return;
      }
      const width = Math.max(...keys.map((k) => k.key.length));
      const valueWidth = Math.min(60, Math.max(...keys.map((k) => k.value.length)));
      for (const k of keys) process.stdout.write(`${k.key.padEnd(width)}  ${k.value.padEnd(valueWidth)}  ${k.source}\n`);
    });
  return addFlags(addCommonOptions(command, true), [...SERVE_FLAGS, ...RUN_FLAGS.filter((f) => f.key === 'payload.asOf')]);
}
