import { spawn } from 'node:child_process';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { compiledCli } from './compiled-cli.js';

/** What a CLI run printed and how it ended. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `ssd-delta <args>` in a child process, as a user would: the compiled CLI (compiled-cli.ts),
 * which is what `npm start` runs and starts in half the time tsx takes. A run still going after
 * `timeoutMs` is killed (code null), so a hang fails its test instead of leaving a process behind.
 */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}, timeoutMs = 90_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [compiledCli(), ...args], {
      cwd: PACKAGE_ROOT,
      env: { ...process.env, SSD_DELTA_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
