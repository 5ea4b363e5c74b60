import type { Config } from '../config/config-schema.js';
import { checkLeaseCoversTimeout } from '../config/lease-check.js';
import { loadConfig } from '../config/load-config.js';
import { maskUrlCredentials } from '../config/shown-value.js';
import { describeError, SsdDeltaError } from '../core/errors.js';
import { changedKeys } from '../serve/config-reload.js';
import type { AppContext } from './app-context.js';

/** What a reload reads again and where it writes. */
export interface ReloadTarget {
  readonly configFile: string | undefined;
  readonly flags: Record<string, unknown>;
  /** The running app: replaced with one whose live keys are the reloaded ones. */
  readonly current: { app: AppContext };
  readonly print: (line: string) => void;
}

/** What a reload did: whether the schedule changed (the loop must start again with it). */
export interface ReloadResult {
  readonly scheduleChanged: boolean;
}

/**
 * SIGHUP: reads the config file (and the environment) again and applies what can change in a
 * running service (submit.*, schedule.*, log.level) from the next cycle, one line per changed key
 * with its old and new value (secrets `***`); a changed key that needs a restart is named and
 * not applied. A config that does not load or validate is refused with the reason, and the
 * running one stays.
 */
export function reloadServed(target: ReloadTarget): ReloadResult {
  const { current, print } = target;
  const running = current.app.config;
  let reloaded: Config;
  try {
    // The config alone (a new logger per reload would be a new pino worker each time).
    reloaded = loadConfig({ file: target.configFile, flags: target.flags, serving: true });
    // The live keys with the running rest must still hold together (the lease covers api.timeoutMs).
    checkLeaseCoversTimeout(applied(running, reloaded), () => '');
  } catch (error) {
    const why = error instanceof SsdDeltaError ? maskUrlCredentials(error.message) : 'an unexpected error (the log says which)';
    current.app.logger.error({ code: (error as { code?: string }).code }, `config reload refused: ${maskUrlCredentials(describeError(error))}`);
    print(`SIGHUP: config not reloaded, the running one stays: ${why}`);
    return { scheduleChanged: false };
  }
  const changes = changedKeys(running, reloaded);
  if (changes.length === 0) print('SIGHUP: config reloaded: nothing changed (a key given as a command-line flag keeps the flag\'s value)');
  for (const change of changes) {
    current.app.logger.info({ key: change.key, from: change.from, to: change.to, live: change.live }, change.live ? 'config key changed: applied from the next cycle' : 'config key changed: needs a restart');
    print(`SIGHUP: ${change.key}: ${change.from} -> ${change.to}${change.live ? ' (from the next cycle)' : ' (needs a restart: not applied)'}`);
  }
  const next = applied(running, reloaded);
  current.app.logger.level = next.log.level;
  current.app = { ...current.app, config: next };
  return { scheduleChanged: next.schedule.cycle !== running.schedule.cycle || next.schedule.timezone !== running.schedule.timezone };
}

/** The running config with the reloaded one's live sections. */
function applied(running: Config, reloaded: Config): Config {
  return Object.freeze({ ...running, submit: reloaded.submit, schedule: reloaded.schedule, log: Object.freeze({ ...running.log, level: reloaded.log.level }) });
}
