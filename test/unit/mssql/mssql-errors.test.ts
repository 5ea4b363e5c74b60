import { expect } from 'chai';
import { DatabaseUnavailableError, SchemaError, SsdDeltaError } from '../../../src/core/errors.js';
import { classifyMssqlError, retryableMssqlError, uniqueViolationOf } from '../../../src/source/mssql/mssql-errors.js';
import { sqlServerError } from '../../helpers/fake-mssql-pool.js';

describe('SQL Server error classification', () => {
  it('retries deadlocks (1205), snapshot update conflicts (3960) and snapshot DDL conflicts (3961) only', () => {
    expect(retryableMssqlError(sqlServerError(1205))).to.equal(true);
    expect(retryableMssqlError(sqlServerError(3960))).to.equal(true);
    expect(retryableMssqlError(sqlServerError(3961))).to.equal(true);
    expect(retryableMssqlError(sqlServerError(1222))).to.equal(false);
    expect(retryableMssqlError(sqlServerError(547))).to.equal(false);
    expect(retryableMssqlError(new Error('x'))).to.equal(false);
    // mssql keeps tedious's error as originalError; its number counts too.
    expect(retryableMssqlError(Object.assign(new Error('x'), { originalError: { info: { number: 1205 } } }))).to.equal(true);
  });

  it('says what to fix for login failures, missing permissions and missing Change Tracking', () => {
    const login = classifyMssqlError(sqlServerError(18456, "Login failed for user 'x'."));
    expect(login).to.be.instanceOf(DatabaseUnavailableError);
    expect((login as Error).message).to.match(/login failed \(18456\); check database\.mssql\.user.*SSD_DELTA_DATABASE_PASSWORD/);
    const denied = classifyMssqlError(sqlServerError(229, "The SELECT permission was denied on the object 'ssd_person'"));
    expect((denied as SsdDeltaError).code).to.equal('PERMISSION_DENIED');
    expect((denied as Error).message).to.match(/229: The SELECT permission was denied.*GRANTs in docs\/sql-server\.md/);
    const ct = classifyMssqlError(sqlServerError(22105, "Change tracking is not enabled on table 'ssd_person'."));
    expect(ct).to.be.instanceOf(SchemaError);
    expect((ct as Error).message).to.match(/Change Tracking is not enabled.*run `ssd-delta init`/);
    expect((classifyMssqlError(sqlServerError(3952)) as Error).message).to.match(/ALLOW_SNAPSHOT_ISOLATION ON/);
    expect((classifyMssqlError(sqlServerError(4997)) as Error).message).to.match(/capture\.mode=fingerprint/);
  });

  it('explains connection failures by the driver code, and a certificate that does not verify', () => {
    const refused = classifyMssqlError(Object.assign(new Error('Failed to connect to sql01:1433 - connect ECONNREFUSED'), { code: 'ESOCKET' }));
    expect((refused as Error).message).to.match(/cannot connect to SQL Server: the connection failed; check database\.mssql\.server .* \(ESOCKET\)/);
    const instance = classifyMssqlError(Object.assign(new Error('no instance'), { code: 'EINSTLOOKUP' }));
    expect((instance as Error).message).to.match(/SQL Browser/);
    const tls = classifyMssqlError(Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'ESOCKET' }));
    expect((tls as Error).message).to.match(/does not verify .*trustServerCertificate=true/);
  });

  it('tells a statement that ran out of time (a lock a load holds) from a server it could not reach', () => {
    const statement = classifyMssqlError(Object.assign(new Error('Timeout: Request failed to complete in 300000ms'), { name: 'RequestError', code: 'ETIMEOUT' }));
    expect((statement as Error).message).to.match(/^a statement ran longer than database\.mssql\.requestTimeoutMs .*a lock a load holds/);
    const connect = classifyMssqlError(Object.assign(new Error('Failed to connect to sql01:1433 in 15000ms'), { name: 'ConnectionError', code: 'ETIMEOUT' }));
    expect((connect as Error).message).to.match(/^cannot connect to SQL Server: timed out/);
  });

  it("names the constraint or unique index a duplicate key violated (2627, 2601), as SQL Server's message says", () => {
    expect(uniqueViolationOf(sqlServerError(2627, "Violation of PRIMARY KEY constraint 'ssd_delta_owner_pkey'. Cannot insert duplicate key in object 'dbo.ssd_delta_owner'. The duplicate key value is (a, b, c)."))).to.equal('ssd_delta_owner_pkey');
    expect(uniqueViolationOf(sqlServerError(2601, "Cannot insert duplicate key row in object 'dbo.t' with unique index 'ix_t'. The duplicate key value is (1)."))).to.equal('ix_t');
    expect(uniqueViolationOf(sqlServerError(547, 'constraint'))).to.equal(null);
    expect(uniqueViolationOf(sqlServerError(2627, 'Verletzung der PRIMARY KEY-Einschränkung "x".')), 'a message it cannot read').to.equal(null);
  });

  it('passes anything else through unchanged', () => {
    const other = sqlServerError(547, 'constraint');
    expect(classifyMssqlError(other)).to.equal(other);
  });
});
