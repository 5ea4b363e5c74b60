import { hostname } from 'node:os';
import type { Dispatcher } from 'undici';
import { describeError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { AlertEpisodes, type AlertChange, type AlertKind } from './alert-episodes.js';
import { alertBody, alertLine, postAlert } from './alert-webhook.js';

/** Waits before the second and third try of a webhook POST. */
const RETRY_WAITS_MS = [5_000, 30_000];

/** Where alerts go besides the log and stdout. */
export interface AlertTargets {
  readonly logger: Logger;
  /** One line on stdout per change. */
  readonly print: (line: string) => void;
  /** `alerts.webhookUrl`, when set. */
  readonly webhookUrl?: string | undefined;
  /** `alerts.webhookFormat`. */
  readonly webhookFormat: 'text' | 'teams';
  /** Waits between tries of a webhook POST (injectable so tests need not wait). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly dispatcher: Dispatcher;
  /** Told of every change (metrics). */
  readonly onChange?: (change: AlertChange) => void;
}

/**
 * `serve`'s alerts: each reading goes through {@link AlertEpisodes}; an episode that starts or
 * ends is logged once (error / info), printed once, and POSTed to the webhook when there is one.
 * A webhook that fails is logged and not retried: the log and stdout still say it.
 */
export class ServiceAlerts {
  // The breaker ends its episode after 3 cycles without a trip: an API failing one cycle in two is one episode.
  readonly #episodes = new AlertEpisodes({ breaker: 3 });
  readonly #host = hostname();
  #delivering: Promise<void> = Promise.resolve();

  constructor(private readonly targets: AlertTargets) {}

  /** Takes a reading (see {@link AlertEpisodes.judge}) and raises or resolves what changed. */
  judge(now: number, reading: Partial<Record<AlertKind, string | null>>): void {
    for (const change of this.#episodes.judge(now, reading)) {
      const line = alertLine(change, this.#host);
      if (change.state === 'firing') this.targets.logger.error({ alert: change.kind }, line);
      else this.targets.logger.info({ alert: change.kind }, line);
      this.targets.print(line);
      this.targets.onChange?.(change);
      const url = this.targets.webhookUrl;
      // In order, one at a time: a resolution never overtakes its alert.
      if (url) {
        const body = alertBody(change, this.#host, this.targets.webhookFormat, now);
        this.#delivering = this.#delivering.then(() => this.#deliver(url, body, change));
      }
    }
  }

  /** POSTs one alert, tried again after 5 s and 30 s (a proxy blip must not lose an episode's only message). */
  async #deliver(url: string, body: string, change: AlertChange): Promise<void> {
    const sleep = this.targets.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
    for (const wait of [...RETRY_WAITS_MS, null]) {
      try {
        await postAlert(url, body, this.targets.dispatcher);
        return;
      } catch (error) {
        // The URL (its token) is never in the message: undici names the host and port at most.
        const why = describeError(error) || (error as { code?: string }).code || 'no answer';
        if (wait === null) {
          this.targets.logger.error({ alert: change.kind }, `alert not delivered to alerts.webhookUrl (${why}); it is in this log and on stdout`);
          return;
        }
        this.targets.logger.warn({ alert: change.kind }, `alerts.webhookUrl: ${why}; trying again in ${wait / 1000} s`);
        await sleep(wait);
      }
    }
  }

  /** Resolves once every alert handed to the webhook has been answered or given up, or after `maxMs`. */
  async flush(maxMs: number): Promise<void> {
    await Promise.race([this.#delivering, new Promise<void>((resolve) => setTimeout(resolve, maxMs).unref())]);
  }
}
