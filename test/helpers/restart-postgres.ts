import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import pg from 'pg';

/**
 * Makes the test database go away under every open session: restarts the local PostgreSQL
 * cluster (pg_ctlcluster, as CI runs it) when this process may, and otherwise terminates every
 * ssd-delta session of the database (what a restart does to them). Says which it did.
 */
export async function restartPostgres(url: string): Promise<'restarted' | 'terminated'> {
  const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  if (process.getuid?.() === 0 && versions.length === 1 && existsSync('/usr/bin/pg_ctlcluster')) {
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', versions[0] as string, 'main', 'restart'], { stdio: 'ignore' });
    return 'restarted';
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ssd-delta' AND datname = current_database() AND pid <> pg_backend_pid()");
  } finally {
    await admin.end();
  }
  return 'terminated';
}
