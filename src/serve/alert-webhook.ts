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

/**
 * POSTs one alert to a Teams or Slack incoming webhook (both read `text`; the `ssdDelta` object
 * is there for receivers that route on fields). Throws when the webhook does not answer 2xx.
 */
export async function postAlert(url: string, change: AlertChange, host: string, dispatcher: Dispatcher, now: number): Promise<void> {
  const body = JSON.stringify({
    text: alertLine(change, host),
    ssdDelta: { alert: change.kind, state: change.state, message: change.message, host, since: new Date(change.since).toISOString(), at: new Date(now).toISOString() },
  });
  const answer = await request(url, {
    method: 'POST', body, dispatcher,
    headers: { 'content-type': 'application/json' },
    headersTimeout: WEBHOOK_TIMEOUT_MS, bodyTimeout: WEBHOOK_TIMEOUT_MS,
  });
  await answer.body.dump();
  if (answer.statusCode < 200 || answer.statusCode > 299) throw new Error(`the webhook answered HTTP ${answer.statusCode}`);
}
