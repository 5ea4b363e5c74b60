import { randomUUID } from 'node:crypto';

/**
 * Issues and checks bearer tokens for the simulated API. Tokens are opaque random strings
 * remembered with their expiry, so expiry and revocation behave like a real gateway's.
 */
export class SimulatedTokenIssuer {
  readonly #expiries = new Map<string, number>();
  #issued = 0;

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Issues a new token valid for the configured lifetime. */
  issue(): { token: string; expiresIn: number } {
    const token = `sim-${randomUUID()}`;
    this.#expiries.set(token, this.now() + this.ttlSeconds * 1000);
    this.#issued += 1;
    return { token, expiresIn: this.ttlSeconds };
  }

  /** Whether an `Authorization` header value carries a known, unexpired bearer token. */
  accepts(authorization: string | undefined): boolean {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const expiry = match?.[1] === undefined ? undefined : this.#expiries.get(match[1]);
    return expiry !== undefined && expiry > this.now();
  }

  /** Forgets every token, as if the gateway's keys had rotated: the next POST gets a 401. */
  revokeAll(): void {
    this.#expiries.clear();
  }

  /** Number of tokens issued since start. */
  get issuedCount(): number {
    return this.#issued;
  }
}
