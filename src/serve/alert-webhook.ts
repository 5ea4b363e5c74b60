import { request, type Dispatcher } from 'undici';
import type { AlertChange } from './alert-episodes.js';

/** How long a webhook may take to answer. */
const WEBHOOK_TIMEOUT_MS = 10_000;

/** The one line an alert says, e.g. `ssd-delta on la-sql01 ALERT breaker: sending stopped: ...`. */
export function alertLine(change: AlertChange, host: string): string {
  const head = change.state === 'firing' ? 'ALERT' : 'RESOLVED';
  const since = change.state === 'resolved' ? ` (since ${new Date(change.since).toISOString()})` : '';
  return `ssd-delta on ${host} ${head} ${change.kind}: ${change.message}${since}`;
}

/** The webhook's body: Slack-style text, or a Teams Workflows Adaptive Card message. */
export function alertBody(change: AlertChange, host: string, format: 'text' | 'teams', now: number): string {
  const text = alertLine(change, host);
  const fields = { alert: change.kind, state: change.state, message: change.message, host, since: new Date(change.since).toISOString(), at: new Date(now).toISOString() };
  if (format === 'text') return JSON.stringify({ text, ssdDelta: fields });
  return JSON.stringify({
    type: 'message',
    attachments: [{
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: {
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4',
        body: [
          { type: 'TextBlock', text: `ssd-delta ${change.state === 'firing' ? 'ALERT' : 'RESOLVED'}: ${change.kind}`, weight: 'Bolder', color: change.state === 'firing' ? 'Attention' : 'Good', wrap: true },
          { type: 'TextBlock', text: change.message, wrap: true },
          { type: 'FactSet', facts: [{ title: 'host', value: host }, { title: 'since', value: fields.since }, { title: 'at', value: fields.at }] },
        ],
      },
    }],
  });
}

/** POSTs one alert's body to the webhook; throws when it does not answer 2xx. */
export async function postAlert(url: string, body: string, dispatcher: Dispatcher): Promise<void> {
  const answer = await request(url, {
    method: 'POST', body, dispatcher,
    headers: { 'content-type': 'application/json' },
    headersTimeout: WEBHOOK_TIMEOUT_MS, bodyTimeout: WEBHOOK_TIMEOUT_MS,
  });
  await answer.body.dump();
  if (answer.statusCode < 200 || answer.statusCode > 299) throw new Error(`the webhook answered HTTP ${answer.statusCode}`);
}
