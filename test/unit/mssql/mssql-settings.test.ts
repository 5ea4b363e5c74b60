import { expect } from 'chai';
import { loadConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/core/errors.js';
import { describeMssql, isMssqlConfig, mssqlPoolConfig, mssqlSettings } from '../../../src/source/mssql/mssql-settings.js';

const config = (flags: Record<string, unknown>, env: Record<string, string> = {}) => loadConfig({ env, flags });

describe('SQL Server connection settings', () => {
  it('reads an mssql:// URL: host, port, database, login, and query settings over database.mssql', () => {
    const c = config({ 'database.url': 'mssql://svc%40la:p%3Ass@sql01.la.local:1444/HDM_Local?instanceName=SSD&encrypt=false&trustServerCertificate=true' });
    expect(isMssqlConfig(c)).to.equal(true);
    const s = mssqlSettings(c);
    expect(s).to.deep.include({ server: 'sql01.la.local', port: 1444, database: 'HDM_Local', user: 'svc@la', password: 'p:ss', instanceName: 'SSD', encrypt: false, trustServerCertificate: true, authentication: 'sql' });
    expect(describeMssql(s)).to.equal('mssql sql01.la.local\\SSD:1444/HDM_Local');
    expect(describeMssql(s)).to.not.include('p:ss');
  });

  it('defaults to an encrypted connection that verifies the certificate, the password from the environment', () => {
    const c = config({ 'database.mssql.server': 'sql01', 'database.mssql.database': 'ssd', 'database.mssql.user': 'svc' }, { SSD_DELTA_DATABASE_PASSWORD: 'hunter2' });
    expect(isMssqlConfig(c)).to.equal(true);
    const pool = mssqlPoolConfig(mssqlSettings(c));
    expect(pool.options).to.deep.include({ encrypt: true, trustServerCertificate: false });
    expect(pool).to.deep.include({ server: 'sql01', database: 'ssd', user: 'svc', password: 'hunter2', connectionTimeout: 15000, requestTimeout: 300000 });
    expect(pool.pool).to.deep.include({ max: 10 });
  });

  it('builds an NTLM login with its domain', () => {
    const c = config({ 'database.url': 'sqlserver://svc_ssd@sql01/ssd?authentication=ntlm&domain=LA' }, { SSD_DELTA_DATABASE_PASSWORD: 'pw' });
    const pool = mssqlPoolConfig(mssqlSettings(c));
    expect(pool.authentication).to.deep.equal({ type: 'ntlm', options: { userName: 'svc_ssd', password: 'pw', domain: 'LA' } });
    expect(pool.user).to.equal(undefined);
  });

  it('says which key is missing or wrong (exit 2)', () => {
    const fail = (c: ReturnType<typeof config>) => {
      try {
        mssqlSettings(c);
      } catch (error) {
        expect(error).to.be.instanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(fail(config({ 'database.mssql.server': 'sql01' }))).to.match(/needs a database: set database\.mssql\.database/);
    expect(fail(config({ 'database.url': 'mssql://sql01/ssd?authentication=ntlm' }))).to.match(/authentication=ntlm needs database\.mssql\.domain/);
    expect(fail(config({ 'database.url': 'mssql://sql01/ssd?encrypt=yes' }))).to.match(/query parameter encrypt must be true or false \(got "yes"\)/);
    expect(fail(config({ 'database.url': 'mssql://sql01/ssd?authentication=kerberos' }))).to.match(/authentication must be sql or ntlm/);
    expect(() => config({ 'database.mssql.poolMax': 3 })).to.throw(/database\.mssql\.poolMax.*at least 4/);
  });

  it('the pool has room for the run lock, the snapshot and every sending worker', () => {
    const at = (concurrency: number, poolMax: number) => mssqlSettings(config({ 'database.url': 'mssql://sql01/ssd', 'submit.concurrency': concurrency, 'database.mssql.poolMax': poolMax })).poolMax;
    expect([at(4, 10), at(16, 10), at(4, 4)]).to.deep.equal([10, 19, 7]);
  });

  it('a postgres:// URL or no server is not SQL Server', () => {
    expect(isMssqlConfig(config({ 'database.url': 'postgres://h/db' }))).to.equal(false);
    expect(isMssqlConfig(config({}))).to.equal(false);
  });
});
