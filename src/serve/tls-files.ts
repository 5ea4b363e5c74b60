import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { ConfigError, describeError } from '../core/errors.js';

/** Reads a PEM file named by a config key; a clear error when it cannot be read. */
function readPem(file: string, key: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${key}: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? describeError(error)}); give the path of a PEM file ssd-delta's account can read`);
  }
}

/**
 * Reads `serve.tlsCertFile` and `serve.tlsKeyFile` and checks they make a certificate and its
 * key: a bad one stops `serve` before it listens, with a {@link ConfigError} naming the key.
 */
export function readTls(certFile: string, keyFile: string): { cert: string; key: string } {
  const tls = { cert: readPem(certFile, 'serve.tlsCertFile'), key: readPem(keyFile, 'serve.tlsKeyFile') };
  try {
    createSecureContext(tls);
  } catch (error) {
    const why = (error as { code?: string }).code ?? describeError(error);
    throw new ConfigError(`serve.tlsCertFile ${certFile} and serve.tlsKeyFile ${keyFile} are not a PEM certificate and its unencrypted private key (${why}); give the certificate (with its chain) and the key that goes with it`);
  }
  return tls;
}
