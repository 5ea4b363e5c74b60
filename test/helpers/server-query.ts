import pg from 'pg';

/** One statement on a Postgres server as its administrator, on a connection of its own (set-up and checks of CLI tests). Result: the rows. */
export async function serverQuery(url: string, sql: string, params: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}
