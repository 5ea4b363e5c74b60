import { SECRET_KEYS } from './config-schema.js';

/**
 * Hides the user-info of every URL in `text` (`postgres://u:pw@h/db` -> `postgres://***@h/db`)
 * and `password=` query parameters, because connection strings carry passwords and error
 * messages end up in terminals, logs and tickets.
 */
export function maskUrlCredentials(text: string): string {
  // Greedy up to the last '@' before whitespace: an unencoded '@' in a password must not leak its tail.
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s]*@/gi, '$1***@')
    .replace(/((?:^|[?&\s])(?:ssl)?password=)[^&\s]*/gi, '$1***');
}

/**
 * How a config value may appear in an error message: `undefined` for a secret key (its value
 * is never shown, not even in part), otherwise its JSON text with URL credentials masked.
 */
export function shownValue(path: string, value: unknown): string | undefined {
  if (value === undefined || SECRET_KEYS.includes(path)) return undefined;
  return maskUrlCredentials(JSON.stringify(value) ?? String(value));
}
