#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { describeError, SsdDeltaError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { demoCommand } from './demo-command.js';
import { initCommand } from './init-command.js';
import { runCommand } from './run-command.js';
import { seedCommand } from './seed-command.js';
import { simulateCommand } from './simulate-command.js';
import { statusCommand } from './status-command.js';
import { checkApiCommand } from './check-api-command.js';
import { configCommand } from './config-command.js';
import { serveCommand } from './serve-command.js';
import { exportCommand } from './export-command.js';
import { historyCommand } from './history-command.js';
import { reconcileCommand } from './reconcile-command.js';
import { refreshCommand } from './refresh-command.js';
import { resendCommand } from './resend-command.js';
import { validateCommand } from './validate-command.js';
import { configureUsageErrors } from './usage-errors.js';

/** The `ssd-delta` program with every command. */
export function buildProgram(): Command {
  const program = new Command('ssd-delta')
    .description("Sends only what changed in an LA's Standard Safeguarding Dataset to the DfE Children's Social Care API.\n" +
      'Configuration: config/default.json <- --config FILE <- SSD_DELTA_* environment <- flags (see docs/configuration.md, or `ssd-delta config`).')
    .version(VERSION);
  for (const command of [demoCommand(), initCommand(), seedCommand(), simulateCommand(), runCommand(), statusCommand(), validateCommand(), exportCommand(), reconcileCommand(), resendCommand(), historyCommand(), checkApiCommand(), refreshCommand(), serveCommand(), configCommand()]) {
    program.addCommand(command);
  }
  configureUsageErrors(program);
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 runtime failure, 2 bad config or usage). */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed help, the version or the one-line usage error. Asked-for
      // help and --version exit 0; everything else (including bare `ssd-delta`) is a usage error.
      return error.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`ssd-delta: ${describeError(error)}\n`);
    return error instanceof SsdDeltaError ? error.exitCode : 1;
  }
}

// Not a top-level await: the single-file executable's bundle is CommonJS, which has none.
void main(process.argv).then((code) => {
  process.exitCode = code;
});
