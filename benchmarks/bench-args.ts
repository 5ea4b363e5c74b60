import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * A benchmark script's options, parsed as node:util parseArgs does, with `--help` (`-h`), which
 * prints `usage` and exits 0. A mistyped or unknown option prints what is wrong and the usage,
 * and exits 2, never a stack trace.
 */
export function benchArgs<O extends Options>(usage: string, options: O): ReturnType<typeof parseArgs<{ options: O }>> {
  const help = (): never => {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  };
  try {
    // --help is looked for as an option, not as any word: `--concurrency -h` is a mistake, not a request for help.
    const withHelp = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h' } } });
    if ((withHelp.values as { help?: boolean }).help === true) help();
    return parseArgs({ options });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    process.exit(2);
  }
}
