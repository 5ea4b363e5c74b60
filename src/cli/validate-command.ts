import { Command } from 'commander';
import { addCommonOptions, addFlags } from './common-options.js';
import { DRY_RUN_FLAGS, runDryBuild } from './dry-run.js';
import { UnmappedCodes } from './unmapped-codes.js';

/**
 * `ssd-delta validate`: every in-cohort child's document checked, nothing sent or written. Exits
 * 0 when every document is valid, 1 when any is not (a scheduled check can alert on it).
 */
export function validateCommand(): Command {
  const command = new Command('validate')
    .description('build every child and report the documents that break the DfE contract or payload.md rules, and coded values that map to no API code (extend payload.codes); sends and writes nothing; before init it reads the SSD alone, with a login that may only read it (SQL Server without snapshot isolation: table by table, best outside the load window). Exit 0: every document valid; 1: some invalid')
    .option('--json', 'print JSON for scripts')
    .action(async (options: Record<string, unknown>) => {
      const invalid: Array<{ personId: string; errors: readonly string[] }> = [];
      const unmapped = new UnmappedCodes();
      let documents = 0;
      await runDryBuild(
        options,
        (children) => {
          for (const { built, warnings } of children) {
            if (built.kind !== 'document') continue;
            documents += 1;
            if (built.errors.length > 0) invalid.push({ personId: built.personId, errors: built.errors });
            unmapped.add(built.personId, warnings);
          }
        },
        (_app, _installed, oneSnapshot) => {
          const codes = unmapped.list();
          // A scheduled check alerts on a non-zero exit: 1 while any document cannot be sent.
          if (invalid.length > 0) process.exitCode = 1;
          if (options.json) {
            process.stdout.write(`${JSON.stringify({ documents, invalid, unmappedCodes: codes, oneSnapshot })}\n`);
            return;
          }
          for (const child of invalid) process.stdout.write(`${child.personId}: ${child.errors.join('; ')}\n`);
          for (const code of codes) {
            const children = `${code.children} ${code.children === 1 ? 'child' : 'children'}`;
            process.stdout.write(`unmapped ${code.field} value ${JSON.stringify(code.value)} (${children}): left out; map it in payload.codes.${code.field}\n`);
          }
          process.stdout.write(`${documents} children in the cohort, ${invalid.length} with invalid documents (not sent until fixed in the SSD), ${codes.length} coded values that map to no API code\n`);
        },
      );
    });
  return addFlags(addCommonOptions(command, true), DRY_RUN_FLAGS);
}
