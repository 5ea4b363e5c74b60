import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatedReply } from './simulated-api-types.js';

/**
 * Reads a request body up to `maxBytes`. A longer body is still drained (so the client is
 * not stuck writing into a full socket) but reported as too large instead of buffered.
 */
export async function readBody(
  request: IncomingMessage,
  maxBytes: number,
): Promise<{ body: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  return { body: Buffer.concat(chunks), tooLarge: size > maxBytes };
}

/** Carries out a reply on the wire; returns the status sent, or the misbehaviour's name. */
export function sendReply(response: ServerResponse, reply: SimulatedReply): number | 'reset' | 'hang' {
  if (reply.kind === 'reset') {
    response.socket?.destroy();
    return 'reset';
  }
  if (reply.kind === 'hang') return 'hang';
  const body = Buffer.from(reply.body ?? '', 'utf8');
  const headers: Record<string, string | number> = { ...reply.headers };
  // 204 and 304 must not carry a body or a length (node:http would refuse to write one).
  if (reply.status !== 204 && reply.status !== 304) headers['content-length'] = body.length;
  response.writeHead(reply.status, headers);
  response.end(reply.status === 204 || reply.status === 304 ? undefined : body);
  return reply.status;
}

/** Resolves after `ms` milliseconds (immediately for 0, without a timer turn). */
export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
