/**
 * A short code for a failure below HTTP (no status): `TIMEOUT` for our own deadline, else the
 * error's string code (`ECONNRESET`, `ECONNREFUSED`, `UND_ERR_SOCKET`, ...), else its name.
 * The code is what gets stored and what the retry policy keys on, so it must be stable.
 */
export function networkErrorCode(error: unknown): string {
  if (!(error instanceof Error)) return 'UNKNOWN';
  if (error.name === 'TimeoutError') return 'TIMEOUT';
  const code = stringCode(error) ?? stringCode(error.cause);
  return code ?? error.name;
}

function stringCode(value: unknown): string | undefined {
  const code = (value as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
