import type { Command } from 'commander';

/** `ssd-delta` or `ssd-delta run`: what to put before `--help` in a hint. */
function commandPath(command: Command): string {
  return command.parent ? `${commandPath(command.parent)} ${command.name()}` : command.name();
}

/**
 * Commander's error text as the one line every ssd-delta failure prints: `ssd-delta: <what is
 * wrong> (see <command> --help)`. Commander writes `error: ...` and may add a second line such as
 * `(Did you mean run?)`; both become one line so scripts and logs see a single message.
 */
export function formatUsageError(text: string, helpCommand: string): string {
  const what = text
    .replace(/^error: /, '')
    .replace(/\s*\n\s*\(Did you mean (.+?)\?\)/, '; did you mean $1?')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  return `ssd-delta: ${what} (see ${helpCommand} --help)\n`;
}

/**
 * Makes the program and every command throw instead of exiting (main() turns that into the exit
 * code) and print usage errors as one line, without commander's help-after-error block.
 */
export function configureUsageErrors(program: Command): void {
  for (const command of [program, ...program.commands]) {
    command.exitOverride();
    command.showHelpAfterError(false);
    command.configureOutput({ outputError: (text, write) => write(formatUsageError(text, commandPath(command))) });
  }
}
