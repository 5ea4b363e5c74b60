import { Command } from 'commander';
import { SsdDeltaError } from '../core/errors.js';
import type { Config } from '../config/config-schema.js';
import { createApiClient } from '../submit/create-poster.js';
import { explainApiRefusal, explainNetworkFailure, explainTokenRefusal } from '../submit/explain-failure.js';
import { TokenFetchError } from '../submit/token-fetch-error.js';
import { addCommonOptions, configFlags } from './common-options.js';
import { loadApp } from './app-context.js';

/**
 * The probe child: a purge of an id no LA uses, so the receiver is asked to delete nothing
 * real and no data is created (`ZZ` and `PROBE` mark it as ours in the receiver's logs).
 */
export const PROBE_DOCUMENT = JSON.stringify({ la_child_id: 'ZZSSDDELTAPROBE', purge: true });

/** A failed check: one line, exit 1. */
class CheckFailed extends SsdDeltaError {
  constructor(message: string) {
    super('API_CHECK_FAILED', message, { exitCode: 1 });
  }
}

/** Gets a token and says so, or throws one line on why not. */
async function checkToken(config: Config, client: ReturnType<typeof createApiClient>): Promise<void> {
  const host = new URL(config.api.tokenEndpoint as string).host;
  try {
    await client.tokens.get();
  } catch (error) {
    if (!(error instanceof TokenFetchError)) throw error;
    throw new CheckFailed(error.network ? explainNetworkFailure(error.network.code, error.network.message, host) : explainTokenRefusal(error.status ?? 0, error.oauthError, host));
  }
  process.stdout.write(`token: ok (${host})\n`);
}

/** `ssd-delta check-api`: can this machine reach the DfE API with this configuration? */
export function checkApiCommand(): Command {
  const command = new Command('check-api')
    .description('check the DfE API settings: get a token (and with --probe post one purge for a made-up child); explains a failure (DNS, TCP, proxy, TLS, 401/403) in one line')
    .option('--probe', 'also POST one document: a purge of the made-up child ZZSSDDELTAPROBE (creates no data)')
    .action(async (options: Record<string, unknown>) => {
      const { config } = loadApp({ configFile: options.config as string | undefined, flags: configFlags(options) });
      const client = createApiClient(config);
      await checkToken(config, client);
      if (!options.probe) {
        process.stdout.write('nothing posted (add --probe to post one purge of a made-up child)\n');
        return;
      }
      const host = new URL(config.api.baseUrl as string).host;
      const { status, result } = await client.postBatch([PROBE_DOCUMENT]);
      if (result.kind !== 'sent') {
        // No status: the client's result names the network code and the transport's message.
        if (status === null) throw new CheckFailed(explainNetworkFailure(result.reason, result.detail, host));
        throw new CheckFailed(status < 200 || status > 299 ? explainApiRefusal(status, host) : `api: ${host} answered HTTP ${status} without a receipt (${result.reason})`);
      }
      process.stdout.write(`probe: ok (${host} answered HTTP ${status}, receipt ${result.receipts[0]?.receipt ?? ''})\n`);
    });
  return addCommonOptions(command, false);
}
