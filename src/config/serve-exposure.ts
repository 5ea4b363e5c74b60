import { ConfigError } from '../core/errors.js';
import type { Config } from './config-schema.js';

/** True when `host:port` (or a bare host) names this machine's loopback: 127.x.x.x, localhost, [::1]. */
export function loopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/**
 * Throws a {@link ConfigError} unless `serve`'s endpoints stay on loopback, or are opened to
 * other machines on purpose and safely: `serve.allowRemote` true and a `serve.token` to ask for;
 * and, listening beyond loopback, TLS (`serve.tlsCertFile` and `serve.tlsKeyFile`) so the token
 * never crosses the network in clear. (Listening on loopback with allowRemote is for a reverse
 * proxy on the same machine that terminates TLS: it forwards the token.)
 */
export function checkServeExposure(config: Config, origin: (path: string) => string): void {
  const { listen, allowRemote, token, tlsCertFile, tlsKeyFile } = config.serve;
  if ((tlsCertFile === undefined) !== (tlsKeyFile === undefined)) {
    const [set, unset] = tlsCertFile === undefined ? ['serve.tlsKeyFile', 'serve.tlsCertFile'] : ['serve.tlsCertFile', 'serve.tlsKeyFile'];
    throw new ConfigError(`config: "${set}"${origin(set)} is set but "${unset}" is not; TLS needs both the certificate and its key (PEM files)`);
  }
  const local = loopbackHost(listen);
  if (local && !allowRemote) return;
  const why = allowRemote ? `"serve.allowRemote" is true${origin('serve.allowRemote')}` : `"serve.listen" ${listen}${origin('serve.listen')} is not a loopback address`;
  if (!allowRemote) {
    throw new ConfigError(`config: ${why}: the status page and /metrics would be open to other machines; set serve.allowRemote true, serve.token (SSD_DELTA_SERVE_TOKEN or serve.tokenFile) and serve.tlsCertFile / serve.tlsKeyFile to allow it, or listen on 127.0.0.1`);
  }
  if (token === undefined) throw new ConfigError(`config: ${why} but "serve.token" is not set: set SSD_DELTA_SERVE_TOKEN or serve.tokenFile (at least 24 characters, e.g. openssl rand -hex 32); requests from other machines must carry it`);
  if (!local && tlsCertFile === undefined) throw new ConfigError(`config: ${why} but TLS is not set: set serve.tlsCertFile and serve.tlsKeyFile (PEM) so serve.token never crosses the network in clear`);
}
