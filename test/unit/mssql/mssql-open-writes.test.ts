import { expect } from 'chai';
import { join } from 'node:path';
import { loadStreamDefinitions } from '../../../src/streams/stream-definition.js';
import { PACKAGE_ROOT } from '../../../src/config/load-config.js';
import { mssqlConnection } from '../../../src/source/mssql/mssql-connection.js';
import { mssqlSource } from '../../../src/source/mssql/mssql-source.js';
import { openWritesLines } from '../../../src/cli/open-writes-report.js';
import { FakeMssqlPool } from '../../helpers/fake-mssql-pool.js';
import { openWritesModel, type OpenWritesState } from '../../helpers/mssql-open-writes-model.js';

const STREAMS = loadStreamDefinitions(join(PACKAGE_ROOT, 'streams'));

/** A source on a fake pool whose server is `state`. */
function open(state: OpenWritesState) {
  const pool = new FakeMssqlPool();
  const model = openWritesModel(state);
  pool.otherwiseAnswer((request) => model(request) ?? []);
  const source = mssqlSource(mssqlConnection(pool, 'fake'), STREAMS, { stagingTable: 'ssd_api_data_staging', schema: 'dbo', ssdSchema: 'dbo', captureMode: 'fingerprint', tracking: { retentionDays: 7, autoCleanup: true } });
  return { pool, source };
}

/** A server with an SSIS load open 73 minutes in the SSD's database, and what must not be listed beside it. */
const server = (viewServerState: boolean): OpenWritesState => ({
  database: 'ssd',
  spid: 55,
  login: 'ssd_delta',
  viewServerState,
  transactions: [
    { sessionId: 61, transactionId: 9001, program: 'SSIS load', database: 'ssd', logRecords: 4200, seconds: 73 * 60, state: 2 },
    { sessionId: 62, transactionId: 9002, program: 'report', database: 'ssd', logRecords: 0, seconds: 90 * 60, state: 2 }, // read only
    { sessionId: 63, transactionId: 9003, program: 'other app', database: 'finance', logRecords: 10, seconds: 120 * 60, state: 2 }, // another database
    { sessionId: 55, transactionId: 9004, program: 'ssd-delta', database: 'ssd', logRecords: 3, seconds: 80 * 60, state: 2 }, // ssd-delta's own session
    { sessionId: 64, transactionId: 9005, program: 'quick job', database: 'ssd', logRecords: 2, seconds: 30, state: 2 },
    { sessionId: null, transactionId: 9006, program: '', database: 'ssd', logRecords: 7, seconds: 65 * 60, state: 5 }, // in doubt
  ],
});

describe('SQL Server: open writing transactions capture cannot see yet (fake pool, modelled DMVs)', () => {
  it('lists the transactions of the SSD database that wrote, older than the threshold, oldest first; never ssd-delta\'s own session', async () => {
    const { pool, source } = open(server(true));
    const report = await source.capture.openWrites(3600);
    expect(report).to.deep.equal({
      visible: true,
      grant: null,
      unseen: 0,
      transactions: [
        { database: 'ssd', pid: 61, application: 'SSIS load', seconds: 73 * 60, prepared: false },
        { database: 'ssd', pid: '9006', application: '', seconds: 65 * 60, prepared: true },
      ],
    });
    expect(pool.last('read-open-writes.sql').params).to.deep.equal([{ name: 'older_than_seconds', type: 'int', value: 3600 }]);
    expect((await source.capture.openWrites(0)).transactions.map((t) => t.pid)).to.deep.equal([61, '9006', 64]);
    expect(openWritesLines(report)[0]).to.equal('capture cannot see writes not yet committed: a transaction in database ssd open 73 min (pid 61, application "SSIS load"); its changes are read once it commits');
  });

  it('none open: visible, and nothing listed', async () => {
    const state = server(true);
    state.transactions.splice(0);
    expect(await open(state).source.capture.openWrites(0)).to.deep.equal({ visible: true, grant: null, unseen: 0, transactions: [] });
  });

  it('without VIEW SERVER STATE: not visible, with the GRANT to ask, and nothing listed', async () => {
    const report = await open(server(false)).source.capture.openWrites(0);
    expect(report.visible).to.equal(false);
    expect(report.transactions).to.deep.equal([]);
    expect(report.grant).to.match(/^GRANT VIEW SERVER STATE TO \[ssd_delta\]/);
    expect(openWritesLines(report)).to.deep.equal([`this login cannot see other logins' transactions, so it cannot tell whether a load left open holds back changes capture has not read yet: to see them: ${report.grant}`]);
  });

  it('views refused although the permission check passed (error 300: a DENY): not visible, not a failure', async () => {
    const state = server(true);
    state.deniedAnyway = true;
    const report = await open(state).source.capture.openWrites(0);
    expect(report).to.include({ visible: false, unseen: 0 });
    expect(report.grant).to.match(/^GRANT VIEW SERVER STATE/);
  });
});
