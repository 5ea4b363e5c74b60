import pg from 'pg';

/** Extra sessions on a server database (other writers, an idle transaction), ended together. */
export interface Sessions {
  /** Opens one more session on `url`. */
  connect(url: string | undefined): Promise<pg.Client>;
  /** Ends every session opened (errors ignored: a test may have ended one already). */
  endAll(): Promise<void>;
}

/** A set of extra sessions a suite opens as it goes and ends in its `after`. */
export function sessions(): Sessions {
  const clients: pg.Client[] = [];
  return {
    async connect(url) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      clients.push(client);
      return client;
    },
    async endAll() {
      for (const c of clients.splice(0)) await c.end().catch(() => undefined);
    },
  };
}
