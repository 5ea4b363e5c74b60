import { expect } from 'chai';
import { personIdColumn } from '../../src/streams/stream-definition.js';
import { seedSsd } from '../../src/simulate/seed-ssd.js';
import { postgresChildRowSql } from '../../src/source/postgres/child-row-sql.js';
import type { PgQueryable } from '../../src/source/postgres/pg-connection.js';
import { positionalSql, postgresStatements } from '../../src/source/postgres/pg-runner.js';
import { postgresReach } from '../../src/source/postgres/stream-sql.js';
import { sqlNames } from '../../src/source/sql-names.js';
import { childRowStore } from '../../src/source/stores/child-row-store.js';
import { dialectTargets, STREAMS, type TestDatabase } from '../helpers/test-sources.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';
import { reachPlan } from '../../src/source/reach-plan.js';
import { fetchRowsSql } from '../../src/source/reach-sql.js';

/** The streams whose rows reach their child through other tables. */
const MULTI_HOP = STREAMS.filter((s) => s.reach.some((r) => r.via !== undefined));

/** Rows as comparable text, in one order. */
const sorted = (rows: readonly unknown[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

for (const target of dialectTargets()) {
  describe(`a chunk's rows are found through the SSD's indexes when it has them (${target.name})`, function () {
    this.timeout(120_000);
    let db: TestDatabase;
    let ids: string[];
    before(async () => {
      db = await target.open();
      await db.source.schema.migrate();
      await seedSsd(ssdWriterOf(db.source), { children: 120, seed: 7, today: '2026-06-15' });
      ids = (await db.connection.query<{ id: string }>('SELECT pers_person_id::text AS id FROM ssd_person ORDER BY 1')).map((r) => r.id).slice(0, 60);
    });
    after(async () => db?.dispose());

    /** A fresh child-row store (a new cycle's) whose statements go through `db`. */
    const storeOver = (via: PgQueryable): ReturnType<typeof childRowStore> => {
      const names = sqlNames('postgres', db.source.placement);
      return childRowStore(postgresStatements(via, names), postgresChildRowSql(names, false, personIdColumn(STREAMS)), names.ssdSchema);
    };

    it('gives exactly the rows the plain joins give, for every multi-hop stream', async () => {
      const names = sqlNames('postgres', db.source.placement);
      let reached = 0;
      for (const def of MULTI_HOP) {
        const through = positionalSql(fetchRowsSql(reachPlan(def), postgresReach(names), () => true)).text;
        expect(through, def.stream).to.match(/ IN \(SELECT /);
        const plain = await db.connection.query(positionalSql(fetchRowsSql(reachPlan(def), postgresReach(names))).text, [ids]);
        expect(sorted(await db.connection.query(through, [ids])), def.stream).to.deep.equal(sorted(plain));
        reached += plain.length;
      }
      expect(reached, 'rows the multi-hop streams reach').to.be.greaterThan(100);
    });

    it('searches through the links only while an index serves every column it searches', async () => {
      const involvements = STREAMS.find((s) => s.stream === 'ssd_involvements');
      if (!involvements) throw new Error('no ssd_involvements stream');
      /** The fetch statement a fresh store (a new cycle's) sends for involvements, and its rows. */
      const fetch = async (): Promise<{ sql: string; rows: string[] }> => {
        const sent: string[] = [];
        const recording: PgQueryable = {
          query: (sql, params) => (sent.push(sql), db.connection.query(sql, params)),
          exec: (sql) => db.connection.exec(sql),
        };
        const store = storeOver(recording);
        const rows = sorted(await store.fetchRows(involvements, ids));
        return { sql: sent.find((s) => s.includes('invo_involvements_id')) ?? '', rows };
      };
      const indexed = await fetch();
      expect(indexed.sql).to.match(/t0\.invo_referral_id IN \(SELECT u1\.cine_referral_id FROM .* u1 WHERE u1\.cine_person_id = ANY/);
      expect(indexed.rows.length).to.be.greaterThan(10);
      // The search reads episodes by person too: without that index it would scan them again.
      await db.connection.exec('DROP INDEX ssd_cin_episodes_person_idx');
      const hopUnindexed = await fetch();
      expect(hopUnindexed.sql).to.not.match(/ IN \(SELECT /);
      expect(hopUnindexed.rows).to.deep.equal(indexed.rows);
      await db.connection.exec('CREATE INDEX ssd_cin_episodes_person_idx ON ssd_cin_episodes (cine_person_id)');
      // A partial index cannot serve every link: as good as none.
      await db.connection.exec("DROP INDEX ssd_involvements_referral_idx; CREATE INDEX ssd_involvements_referral_idx ON ssd_involvements (invo_referral_id) WHERE invo_referral_id > 'R'");
      const unindexed = await fetch();
      expect(unindexed.sql).to.not.match(/ IN \(SELECT /);
      expect(unindexed.rows).to.deep.equal(indexed.rows);
      await db.connection.exec('DROP INDEX ssd_involvements_referral_idx; CREATE INDEX ssd_involvements_referral_idx ON ssd_involvements USING hash (invo_referral_id)');
      expect((await fetch()).sql, 'a hash index serves it').to.match(/t0\.invo_referral_id IN \(SELECT /);
    });

    it('asks again for the indexes after a read of them failed, rather than failing every later fetch', async () => {
      const involvements = STREAMS.find((s) => s.stream === 'ssd_involvements');
      if (!involvements) throw new Error('no ssd_involvements stream');
      let failures = 1;
      const once: PgQueryable = {
        // The catalog read fails the first time, as on a connection lost mid-cycle.
        query: (sql, params) => (sql.includes('pg_index') && failures-- > 0 ? Promise.reject(new Error('connection lost')) : db.connection.query(sql, params)),
        exec: (sql) => db.connection.exec(sql),
      };
      const store = storeOver(once);
      await store.fetchRows(involvements, ids).then(() => expect.fail('the first fetch should fail'), (error: Error) => expect(error.message).to.equal('connection lost'));
      expect((await store.fetchRows(involvements, ids)).length).to.be.greaterThan(10);
    });
  });
}
