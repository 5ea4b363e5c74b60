import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { createLogger } from '../../src/core/logger.js';
import { ServiceAlerts } from '../../src/serve/service-alerts.js';

/** A webhook receiver on loopback that answers each POST with the next status of `statuses` (then 200). */
async function receiver(statuses: number[]): Promise<{ server: Server; url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (d: Buffer) => (body += d.toString()));
    request.on('end', () => {
      bodies.push(JSON.parse(body));
      response.statusCode = statuses.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
}

describe('serve: alerts to a webhook (real HTTP on loopback, waits injected)', () => {
  const logger = createLogger({ level: 'silent', pretty: false });
  const dispatcher = new Agent();
  after(() => dispatcher.close());

  it('a webhook that fails is tried again (after 5 s, then 30 s); alert and resolution arrive in order', async () => {
    const hook = await receiver([503, 502]);
    const waits: number[] = [];
    const printed: string[] = [];
    try {
      const alerts = new ServiceAlerts({ logger, print: (l) => printed.push(l), webhookUrl: hook.url, webhookFormat: 'text', dispatcher, sleep: async (ms) => void waits.push(ms) });
      alerts.judge(1_000, { breaker: 'sending stopped: 3 batches in a row were not taken by the API (last: HTTP 503 server error)' });
      alerts.judge(2_000, { breaker: null });
      alerts.judge(3_000, { breaker: null });
      alerts.judge(4_000, { breaker: null });
      await alerts.flush(60_000);
      expect(waits).to.deep.equal([5_000, 30_000]);
      const got = hook.bodies as Array<{ text: string; ssdDelta: { state: string } }>;
      expect(got.map((b) => b.ssdDelta.state)).to.deep.equal(['firing', 'firing', 'firing', 'resolved']);
      expect(got[3]?.text).to.match(/ RESOLVED breaker: sending stopped: .* \(since 1970-01-01T00:00:01\.000Z\)$/);
      expect(printed).to.have.length(2);
    } finally {
      hook.server.close();
    }
  });

  it('teams: an Adaptive Card message, as a Teams Workflows webhook takes it', async () => {
    const hook = await receiver([]);
    try {
      const alerts = new ServiceAlerts({ logger, print: () => {}, webhookUrl: hook.url, webhookFormat: 'teams', dispatcher });
      alerts.judge(1_000, { 'capture-missing': 'change capture is not installed on ssd_person' });
      await alerts.flush(60_000);
      const [card] = hook.bodies as Array<{ type: string; attachments: Array<{ contentType: string; content: { type: string; body: Array<{ text?: string }> } }> }>;
      expect(card?.type).to.equal('message');
      expect(card?.attachments[0]?.contentType).to.equal('application/vnd.microsoft.card.adaptive');
      expect(card?.attachments[0]?.content.type).to.equal('AdaptiveCard');
      expect(card?.attachments[0]?.content.body.map((b) => b.text)).to.include('change capture is not installed on ssd_person');
    } finally {
      hook.server.close();
    }
  });
});
