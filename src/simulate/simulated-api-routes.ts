import type { ResolvedSimulatedApiOptions } from './simulated-api-options.js';
import { formatReceipt } from './simulated-api-receipt.js';
import type { SimulatedApiStore } from './simulated-api-store.js';
import type { SimulatedTokenIssuer } from './simulated-api-tokens.js';
import { jsonAnswer, textAnswer, type SimulatedReply, type SimulatedRequest, type SimulatedRoute } from './simulated-api-types.js';
import { validateBatch } from './simulated-api-validate.js';

/** What the normal handlers need: settings and the state they read and change. */
export interface SimulatedApiContext {
  readonly options: ResolvedSimulatedApiOptions;
  readonly tokens: SimulatedTokenIssuer;
  readonly store: SimulatedApiStore;
}

/** The token endpoint's path. */
export const TOKEN_PATH = '/oauth2/token';

/** Which endpoint a method and path address (any LA code matches `children`). */
export function routeOf(method: string, path: string): SimulatedRoute {
  if (method === 'POST' && path === TOKEN_PATH) return 'token';
  if (method === 'POST' && /^\/children_social_care_data\/[^/]+\/children$/.test(path)) return 'children';
  return 'unknown';
}

/** The normal (fault-free) answer to a request. */
export function normalReply(request: SimulatedRequest, context: SimulatedApiContext): SimulatedReply {
  if (request.route === 'token') return tokenReply(request, context);
  if (request.route === 'children') return childrenReply(request, context);
  return textAnswer(404, 'Not found');
}

/** OAuth2 client-credentials grant, answered in the usual JSON error shapes. */
function tokenReply(request: SimulatedRequest, { options, tokens }: SimulatedApiContext): SimulatedReply {
  const form = new URLSearchParams(request.body.toString('utf8'));
  if (form.get('grant_type') !== 'client_credentials') {
    return jsonAnswer(400, { error: 'unsupported_grant_type' });
  }
  if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) {
    return jsonAnswer(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
  }
  if (options.scope !== undefined && form.get('scope') !== options.scope) {
    return jsonAnswer(400, { error: 'invalid_scope' });
  }
  const { token, expiresIn } = tokens.issue();
  return jsonAnswer(200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn });
}

/** Checks auth and headers in gateway order (token, then subscription key), then files the batch. */
function childrenReply(request: SimulatedRequest, { options, tokens, store }: SimulatedApiContext): SimulatedReply {
  if (!tokens.accepts(request.headers.authorization)) return textAnswer(401, 'Unauthorized Access');
  if (request.headers['supplierkey'] !== options.supplierKey) return textAnswer(403, 'Forbidden Access');
  if (request.path !== `/children_social_care_data/${options.laCode}/children`) {
    return textAnswer(403, 'Forbidden Access: unknown la_code');
  }
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
    return textAnswer(415, 'Content-Type must be application/json');
  }
  const checked = validateBatch(request.body, options.maxBatch);
  if (!checked.ok) return checked.reply;
  const children = checked.children.map((child) => ({
    at: request.receivedAt,
    laChildId: child.laChildId,
    document: child.document,
    receipt: formatReceipt(request.receivedAt),
  }));
  store.add(children);
  return jsonAnswer(200, children.map((child) => child.receipt));
}
