import { expect } from 'chai';
import { openPglite } from '../../src/source/postgres/pglite-connection.js';
import { startSimulatedApi } from '../../src/simulate/simulated-api.js';
import { textAnswer } from '../../src/simulate/simulated-api-types.js';
import { SURNAMES } from '../../src/simulate/synthetic-names.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { tempDataDirs } from '../helpers/temp-data-dirs.js';

/** Values that must never leave the database except in the documents sent to the DfE. */
const SECRET = 'Sup3r-S3cret-Value-7719';
const SUPPLIER_KEY = 'K3y-Value-4466-supplier';
const PASSWORD_URL_PART = 'hunter2-db-password';
const FORENAME = 'Zebediahx';
const SURNAME = 'Quonsetthwaite';
const DOB = '2013-07-19';
const POSTCODE = 'QX9 9QX';
const KNOWN = [SECRET, SUPPLIER_KEY, PASSWORD_URL_PART, FORENAME, SURNAME, DOB, POSTCODE];

/** Which of the known values `text` holds. */
const leaked = (text: string): string[] => KNOWN.filter((v) => text.includes(v));

describe('nothing secret or personal leaves the database except in the documents sent', function () {
  this.timeout(300_000);
  const dirs = tempDataDirs('ssd-delta-leaks-');
  after(() => dirs.cleanup());

  it('logs at trace, status, history, validate, reconcile, error messages and the attempt log hold no secret, name, date of birth or postcode', async () => {
    const db = dirs.next();
    const outputs: Array<{ what: string; text: string }> = [];
    const keep = (what: string, r: CliResult): CliResult => {
      outputs.push({ what, text: `${r.stdout}\n${r.stderr}` });
      return r;
    };
    keep('seed', await runCli(['seed', '--children', '60', '--data-dir', db, '--log-level', 'trace'], {}));
    keep('init', await runCli(['init', '--data-dir', db, '--log-level', 'trace'], {}));
    const pglite = await openPglite(db);
    await pglite.exec(`UPDATE ssd_person SET pers_forename = '${FORENAME}', pers_surname = '${SURNAME}', pers_dob = '${DOB}';
                       UPDATE ssd_address SET addr_address_postcode = '${POSTCODE}'`);
    const [person] = (await pglite.query<{ id: string }>('SELECT cine_person_id AS id FROM ssd_cin_episodes ORDER BY 1 LIMIT 1'));
    await pglite.close();

    const api = await startSimulatedApi({ clientId: 'la', clientSecret: SECRET, supplierKey: SUPPLIER_KEY, laCode: '846', scope: 'csc' });
    // An API that quotes the values it refuses, as error bodies do.
    let refused = 0;
    api.setFaultPolicy((request) => (request.route === 'children' && (refused += 1) <= 2 ? textAnswer(400, `[0] child_details.surname "${SURNAME}" born ${DOB} at ${POSTCODE} (${FORENAME}) is not accepted`) : undefined));
    const env = {
      SSD_DELTA_API_BASE_URL: api.url, SSD_DELTA_API_TOKEN_ENDPOINT: api.tokenEndpoint, SSD_DELTA_API_LA_CODE: '846', SSD_DELTA_API_CLIENT_ID: 'la',
      SSD_DELTA_API_CLIENT_SECRET: SECRET, SSD_DELTA_API_SUPPLIER_KEY: SUPPLIER_KEY, SSD_DELTA_API_SCOPE: 'csc', http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '',
    };
    try {
      const trace = ['--data-dir', db, '--log-level', 'trace'];
      keep('run', await runCli(['run', ...trace], env));
      keep('status', await runCli(['status', ...trace], env));
      keep('status --json', await runCli(['status', '--json', ...trace], env));
      keep('history', await runCli(['history', '--person', String(person?.id), ...trace], env));
      keep('validate', await runCli(['validate', ...trace], env));
      keep('reconcile', await runCli(['reconcile', ...trace], env));
      keep('check-api --probe', await runCli(['check-api', '--probe', ...trace], env));
      // Wrong credentials and an unreachable database: the errors say what is wrong, not the values.
      keep('wrong secret', await runCli(['run', ...trace], { ...env, SSD_DELTA_API_CLIENT_SECRET: `${SECRET}-wrong` }));
      keep('check-api wrong key', await runCli(['check-api', '--probe', ...trace], { ...env, SSD_DELTA_API_SUPPLIER_KEY: `${SUPPLIER_KEY}-x` }));
      keep('database down', await runCli(['status', '--log-level', 'trace', '--database-url', `postgres://someone:${PASSWORD_URL_PART}@127.0.0.1:1/nowhere`], env));
      keep('demo', await runCli(['demo', '--children', '40', '--rounds', '1', '--log-level', 'trace'], env));
    } finally {
      await api.close();
    }
    expect(api.requestCount, 'documents were sent (with the names in them)').to.be.greaterThan(1);
    for (const { what, text } of outputs) {
      expect(leaked(text), `${what} printed`).to.deep.equal([]);
      // The synthetic LA's own names (the demo's): never in its output either.
      if (what === 'demo') expect(SURNAMES.filter((s) => new RegExp(`\\b${s}\\b`).test(text)), 'demo printed').to.deep.equal([]);
    }

    const check = await openPglite(db);
    try {
      const attempts = await check.query<Record<string, unknown>>('SELECT * FROM ssd_delta_api_attempt');
      expect(attempts.length).to.be.greaterThan(1);
      expect(attempts.some((a) => Number(a.http_status) === 400), 'a refusal quoting the values was recorded').to.equal(true);
      expect(leaked(JSON.stringify(attempts)), 'attempt log').to.deep.equal([]);
      // Every staging column but the documents themselves (as built, offered and accepted).
      const documents = ['json_payload', 'previous_json_payload', 'partial_json_payload', 'offered_json_payload', 'unconfirmed_json_payloads'];
      const staging = await check.query<Record<string, unknown>>('SELECT * FROM ssd_api_data_staging');
      const others = staging.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !documents.includes(k))));
      expect(leaked(JSON.stringify(others)), 'staging columns other than the documents').to.deep.equal([]);
      expect(leaked(JSON.stringify(staging)), 'the documents do hold them').to.include.members([FORENAME, SURNAME, DOB, POSTCODE]);
      for (const table of ['ssd_delta_last_send', 'ssd_delta_table_guard', 'ssd_delta_watermark', 'ssd_delta_last_cycle']) {
        expect(leaked(JSON.stringify(await check.query(`SELECT * FROM ${table}`))), table).to.deep.equal([]);
      }
    } finally {
      await check.close();
    }
  });
});
