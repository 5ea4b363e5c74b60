import type mssql from 'mssql';
import type { Config } from '../../config/config-schema.js';
import { ConfigError } from '../../core/errors.js';
import { poolSizeFor } from '../pool-size.js';

/** The SQL Server settings after the URL (if any) and database.mssql are combined. */
export interface MssqlSettings {
  readonly server: string;
  readonly port?: number;
  readonly instanceName?: string;
  readonly database: string;
  readonly authentication: 'sql' | 'ntlm';
  readonly user?: string;
  readonly domain?: string;
  readonly password?: string;
  readonly encrypt: boolean;
  readonly trustServerCertificate: boolean;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly poolMax: number;
}

/** True when the configuration points at SQL Server rather than Postgres. */
export function isMssqlConfig(config: Config): boolean {
  const url = config.database.url;
  return url ? /^(mssql|sqlserver):\/\//.test(url) : config.database.mssql.server !== undefined;
}

function flag(value: string | null, key: string): boolean | undefined {
  if (value === null) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigError(`config: "database.url" query parameter ${key} must be true or false (got "${value}")`);
}

/**
 * Combines `database.url` (`mssql://user:password@host:1433/database?encrypt=true&
 * trustServerCertificate=false&instanceName=X&domain=Y&authentication=ntlm`) with
 * `database.mssql` and `database.password`: what the URL says wins. Says which key is missing
 * when the server or database is not given.
 */
export function mssqlSettings(config: Config): MssqlSettings {
  const base = config.database.mssql;
  let fromUrl: Partial<MssqlSettings> = {};
  if (config.database.url) {
    let u: URL;
    try {
      u = new URL(config.database.url.replace(/^sqlserver:/, 'mssql:'));
    } catch {
      throw new ConfigError('config: "database.url" is not a valid URL; expected mssql://user@host:1433/database');
    }
    const q = u.searchParams;
    const authentication = q.get('authentication');
    if (authentication !== null && authentication !== 'sql' && authentication !== 'ntlm') {
      throw new ConfigError(`config: "database.url" query parameter authentication must be sql or ntlm (got "${authentication}")`);
    }
    fromUrl = Object.fromEntries(
      Object.entries({
        server: u.hostname || undefined,
        port: u.port ? Number(u.port) : undefined,
        database: decodeURIComponent(u.pathname.slice(1)) || undefined,
        user: u.username ? decodeURIComponent(u.username) : undefined,
        password: u.password ? decodeURIComponent(u.password) : undefined,
        instanceName: q.get('instanceName') ?? undefined,
        domain: q.get('domain') ?? undefined,
        authentication: authentication ?? undefined,
        encrypt: flag(q.get('encrypt'), 'encrypt'),
        trustServerCertificate: flag(q.get('trustServerCertificate'), 'trustServerCertificate'),
      }).filter(([, v]) => v !== undefined),
    ) as Partial<MssqlSettings>;
  }
  const merged = { ...base, password: config.database.password, ...fromUrl };
  if (!merged.server) throw new ConfigError('config: SQL Server needs a server: set database.mssql.server (or the host of an mssql:// database.url)');
  if (!merged.database) throw new ConfigError('config: SQL Server needs a database: set database.mssql.database (or the path of an mssql:// database.url)');
  if (merged.authentication === 'ntlm' && !merged.domain) throw new ConfigError('config: database.mssql.authentication=ntlm needs database.mssql.domain (the Windows domain of database.mssql.user)');
  return { ...merged, poolMax: poolSizeFor(config.submit.concurrency, merged.poolMax) } as MssqlSettings;
}

/** `mssql host[\instance][:port]/database`, never the user or password. */
export function describeMssql(s: MssqlSettings): string {
  return `mssql ${s.server}${s.instanceName ? `\\${s.instanceName}` : ''}${s.port ? `:${s.port}` : ''}/${s.database}`;
}

/** The mssql package's pool configuration for these settings. */
export function mssqlPoolConfig(s: MssqlSettings): mssql.config {
  const authentication: mssql.config['authentication'] =
    s.authentication === 'ntlm'
      ? { type: 'ntlm', options: { userName: s.user ?? '', password: s.password ?? '', domain: s.domain ?? '' } }
      : undefined;
  return {
    server: s.server,
    ...(s.port !== undefined ? { port: s.port } : {}),
    database: s.database,
    ...(s.authentication === 'sql' ? { user: s.user, password: s.password } : { authentication }),
    connectionTimeout: s.connectTimeoutMs,
    requestTimeout: s.requestTimeoutMs,
    pool: { max: s.poolMax, min: 0, idleTimeoutMillis: 30000 },
    options: {
      encrypt: s.encrypt,
      trustServerCertificate: s.trustServerCertificate,
      ...(s.instanceName ? { instanceName: s.instanceName } : {}),
      appName: 'ssd-delta',
      // Dates travel as text (CONVERT ... 23) and timestamps as UTC: no local-time shifts.
      useUTC: true,
      enableArithAbort: true,
    },
  };
}
