/**
 * A model of how sqlcmd (or SSMS) runs a T-SQL script, for the printed install script: no SQL
 * Server runs in CI. It models what decides whether a script stops at its first error and
 * records only what succeeded: batches split at GO; SQLCMD commands (`:on error exit`,
 * `:setvar`) and `$(var)` substitution, or their absence outside SQLCMD mode; SET NOEXEC,
 * SET QUOTED_IDENTIFIER (sqlcmd starts with it OFF unless -I; a filtered index then fails with
 * 1934), SET XACT_ABORT; transactions, `@@TRANCOUNT` checks and the migration ledger's INSERTs.
 * Any other statement succeeds unless the test says its batch fails.
 */

/** How the script is run. */
export interface SqlcmdOptions {
  /** sqlcmd, or SSMS with SQLCMD mode on: SQLCMD commands are understood. */
  readonly sqlcmdMode: boolean;
  /** sqlcmd -I: QUOTED_IDENTIFIER starts ON (SSMS starts with it ON too). */
  readonly quotedIdentifier: boolean;
  /** Batches that fail when run (a server error the script did not foresee). */
  readonly fails?: (batch: string) => boolean;
}

/** What happened. */
export interface SqlcmdRun {
  /** Migration files the ledger holds at the end (committed rows only). */
  readonly ledger: string[];
  /** Errors raised, in order (first words of each). */
  readonly errors: string[];
  /** Batches that ran (not skipped by NOEXEC, not after an exit). */
  readonly executed: number;
  /** True when `:on error exit` ended the run at an error. */
  readonly exited: boolean;
}

/** Runs `script` as sqlcmd would, against the model. */
export function runLikeSqlcmd(script: string, options: SqlcmdOptions): SqlcmdRun {
  const vars = new Map<string, string>();
  const ledger: string[] = [];
  const errors: string[] = [];
  let pending: string[] = [];
  let exitOnError = false;
  let noexec = false;
  let quotedIdentifier = options.quotedIdentifier;
  let xactAbort = false;
  let trancount = 0;
  let executed = 0;

  /** Records an error; true when the run stops there (`:on error exit`). */
  const fail = (message: string): boolean => {
    errors.push(message);
    if (xactAbort && trancount > 0) {
      trancount = 0;
      pending = [];
    }
    return exitOnError;
  };

  for (const raw of script.split(/^\s*GO\s*$/im)) {
    const lines = raw.split('\n');
    const commands = lines.filter((l) => l.startsWith(':'));
    if (commands.length > 0) {
      if (!options.sqlcmdMode) {
        if (!noexec && fail(`syntax error near ':' (${commands[0]})`)) return { ledger, errors, executed, exited: true };
        continue;
      }
      for (const c of commands) {
        if (/^:on error exit/i.test(c)) exitOnError = true;
        const set = /^:setvar (\w+) "([^"]*)"/i.exec(c);
        if (set?.[1]) vars.set(set[1], set[2] ?? '');
      }
      continue;
    }
    const text = options.sqlcmdMode ? raw.replace(/\$\((\w+)\)/g, (all, name: string) => vars.get(name) ?? all) : raw;
    const code = text.replace(/--[^\n]*/g, '').trim();
    if (code === '') continue;
    if (noexec) continue;
    executed += 1;
    const guard = /IF N'([^']*)' <> N'(\w+)'[\s\S]*SET NOEXEC ON/.exec(code);
    if (guard) {
      if (guard[1] !== guard[2]) {
        noexec = true;
        if (fail('RAISERROR: run with sqlcmd')) return { ledger, errors, executed, exited: true };
      }
      continue;
    }
    if (/SET QUOTED_IDENTIFIER ON/i.test(code)) quotedIdentifier = true;
    if (/SET XACT_ABORT ON/i.test(code)) xactAbort = true;
    let exit = false;
    if (options.fails?.(code)) exit = fail('the batch failed on the server');
    else if (!quotedIdentifier && /CREATE INDEX[^;]*\bWHERE\b/i.test(code)) exit = fail('1934: CREATE INDEX failed because QUOTED_IDENTIFIER is OFF');
    else if (/^BEGIN TRANSACTION;$/im.test(code)) trancount += 1;
    else if (/IF @@TRANCOUNT <> 1\s+THROW/i.test(code) && trancount !== 1) exit = fail('THROW: migration did not finish');
    else {
      for (const m of code.matchAll(/INSERT INTO \S*ssd_delta_migration\S* \(name, staging_table\) VALUES \('([^']+)'/g)) (trancount > 0 ? pending : ledger).push(m[1] ?? '');
      if (/COMMIT TRANSACTION;/i.test(code) && trancount > 0) {
        trancount -= 1;
        ledger.push(...pending);
        pending = [];
      }
    }
    if (exit) return { ledger, errors, executed, exited: true };
  }
  return { ledger, errors, executed, exited: false };
}
