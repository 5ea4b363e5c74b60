import { expect } from 'chai';
import { describeConnectionFailure } from '../../src/source/postgres/pg-pool-connection.js';

const failure = (code: string, message = 'boom'): Error => Object.assign(new Error(message), { code });

describe('database connection failures in words', () => {
  const url = 'postgres://ssd_user:s3cret-pw@db.example:6543/ssd_live';

  it('says what a server SQLSTATE means, keeps the code, and never shows the password', () => {
    for (const code of ['28000', '28P01']) {
      const text = describeConnectionFailure(url, failure(code, 'password authentication failed for user "ssd_user"'));
      expect(text).to.match(new RegExp(`^cannot connect to postgres db\\.example:6543/ssd_live: authentication failed for user "ssd_user" \\(${code}\\); check the user and password in database\\.url`));
      expect(text).to.not.contain('s3cret-pw');
    }
    expect(describeConnectionFailure(url, failure('3D000'))).to.equal(
      'cannot connect to postgres db.example:6543/ssd_live: database "ssd_live" does not exist (3D000); create it (createdb) or fix the name in database.url',
    );
  });

  it('says what a network errno means', () => {
    expect(describeConnectionFailure(url, failure('ECONNREFUSED'))).to.equal(
      'cannot connect to postgres db.example:6543/ssd_live: connection refused (ECONNREFUSED); check database.url and that the server is running',
    );
    expect(describeConnectionFailure(url, failure('ENOTFOUND'))).to.contain(': host not found (ENOTFOUND); check the host name in database.url');
    expect(describeConnectionFailure(url, failure('ETIMEDOUT'))).to.contain(': timed out (ETIMEDOUT);');
  });

  it('keeps an unknown code or a message as it is', () => {
    expect(describeConnectionFailure(url, failure('53300'))).to.equal('cannot connect to postgres db.example:6543/ssd_live: 53300; check database.url and that the server is running');
    expect(describeConnectionFailure(url, new Error('Connection terminated unexpectedly'))).to.contain(': Connection terminated unexpectedly; check');
  });
});
