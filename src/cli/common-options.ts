import { InvalidArgumentError, Option, type Command } from 'commander';

/** Flags every database command takes, and the config key each one sets. */
const DATABASE_FLAGS: ReadonlyArray<{ flag: string; key: string; help: string }> = [
  { flag: '--data-dir <dir>', key: 'database.dataDir', help: 'embedded PGlite database kept in this folder (database.dataDir)' },
  { flag: '--database-url <url>', key: 'database.url', help: 'a database server instead of the embedded database: postgres://user@host/db or mssql://user@host:1433/db (database.url; SQL Server: docs/sql-server.md)' },
  { flag: '--staging-table <name>', key: 'database.stagingTable', help: 'staging table name (database.stagingTable, default ssd_api_data_staging)' },
  { flag: '--schema <name>', key: 'database.schema', help: "schema of ssd-delta's own tables (database.schema; default: the login's default schema, or Postgres' search_path)" },
  { flag: '--ssd-schema <name>', key: 'database.ssdSchema', help: 'schema of the SSD tables (database.ssdSchema; default: database.schema), e.g. ssd_development' },
];

/** Flags every command takes. */
const GENERAL_FLAGS: ReadonlyArray<{ flag: string; key: string; help: string }> = [
  { flag: '--log-level <level>', key: 'log.level', help: 'trace, debug, info, warn, error, fatal or silent (log.level)' },
  { flag: '--pretty', key: 'log.pretty', help: 'human-readable log lines instead of JSON (log.pretty)' },
];

/** Flags that set config keys, by commander's camelCase option name. */
export type FlagMap = ReadonlyArray<{ flag: string; key: string; help: string }>;

function optionName(flag: string): string {
  const long = flag.split(' ')[0]?.replace(/^--/, '') ?? '';
  return long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Adds flags to a command. */
export function addFlags(command: Command, flags: FlagMap): Command {
  for (const { flag, help } of flags) command.addOption(new Option(flag, help));
  return command;
}

/** Adds --config, the logging flags and (when `database`) the database flags. */
export function addCommonOptions(command: Command, database: boolean): Command {
  command.addOption(new Option('--config <file>', 'JSON config file (also SSD_DELTA_CONFIG); see config/example.json'));
  addFlags(command, GENERAL_FLAGS);
  if (database) addFlags(command, DATABASE_FLAGS);
  return command;
}

/** Turns parsed options into config flag values (dotted key -> value) for loadConfig. */
export function configFlags(options: Record<string, unknown>, extra: FlagMap = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { flag, key } of [...GENERAL_FLAGS, ...DATABASE_FLAGS, ...extra]) {
    const value = options[optionName(flag)];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** A commander argument parser for a whole number in [min, max] (bad input: usage error, exit 2). */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

/** A commander argument parser for a positive number. */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number above 0');
  return n;
}
