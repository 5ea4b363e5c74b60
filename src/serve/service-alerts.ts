import { hostname } from 'node:os';
import type { Dispatcher } from 'undici';
import type { Logger } from '../core/logger.js';
import { AlertEpisodes, type AlertChange, type AlertKind } from './alert-episodes.js';
import { alertLine, postAlert } from './alert-webhook.js';

/** Where alerts go besides the log and stdout. */
export interface AlertTargets {
  readonly logger: Logger;
  /** One line on stdout per change. */
  readonly print: (line: string) => void;
  /** `alerts.webhookUrl`, when set. */
  readonly webhookUrl?: string | undefined;
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
  readonly #episodes = new AlertEpisodes();
  readonly #host = hostname();
  #delivering: Promise<void> = Promise.resolve();

  constructor(private readonly targets: AlertTargets) {}

  /** The conditions holding now. */
  get active(): AlertEpisodes['active'] {
    return this.#episodes.active;
  }

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
        this.#delivering = this.#delivering.then(() =>
          postAlert(url, change, this.#host, this.targets.dispatcher, now).catch((error: unknown) =>
            this.targets.logger.error({ alert: change.kind }, `alert not delivered to alerts.webhookUrl: ${(error as Error).message ?? String(error)}`),
          ),
        );
      }
    }
  }

  /** Resolves once every alert handed to the webhook has been answered or has failed. */
  async flush(): Promise<void> {
    await this.#delivering;
  }
}
