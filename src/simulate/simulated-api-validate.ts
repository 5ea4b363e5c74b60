import { sharedDocumentValidator } from '../payload/document-validator.js';
import { textAnswer, type SimulatedReply } from './simulated-api-types.js';

/** A child accepted by validation: its id and its parsed document. */
export interface ValidChild {
  readonly laChildId: string;
  readonly document: unknown;
}

/**
 * Checks a children POST body: a JSON array of 1..maxBatch objects, each with a non-empty
 * string `la_child_id` and valid against the same document schema ssd-delta checks before
 * sending (the DfE contract: the receiver validates every item, like the real one).
 *
 * A failing body gets a 400 text answer naming failing items as `[n] reason` (n = index in
 * the batch), the shape the live API has been seen to use and the client must parse; more
 * than maxBatch children get a 413 ("too many records").
 */
export function validateBatch(
  body: Buffer,
  maxBatch: number,
): { ok: true; children: ValidChild[] } | { ok: false; reply: SimulatedReply } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, reply: textAnswer(400, 'Payload was malformed: body is not valid JSON') };
  }
  if (!Array.isArray(parsed)) {
    return { ok: false, reply: textAnswer(400, 'Payload was malformed: body must be a JSON array') };
  }
  if (parsed.length === 0) {
    return { ok: false, reply: textAnswer(400, 'Payload was malformed: empty batch') };
  }
  if (parsed.length > maxBatch) {
    return { ok: false, reply: textAnswer(413, `Too many records: ${parsed.length} > ${maxBatch}`) };
  }
  const failures: string[] = [];
  const children: ValidChild[] = [];
  parsed.forEach((item: unknown, index) => {
    const problem = childProblem(item);
    if (problem) failures.push(`[${index}] ${problem}`);
    else children.push({ laChildId: (item as { la_child_id: string }).la_child_id, document: item });
  });
  if (failures.length > 0) {
    return { ok: false, reply: textAnswer(400, `Payload was malformed:\n${failures.join('\n')}`) };
  }
  return { ok: true, children };
}

/** Why one item cannot be filed, or undefined when it can. */
function childProblem(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return 'not an object';
  const id = (item as Record<string, unknown>)['la_child_id'];
  if (id === undefined) return 'la_child_id missing';
  if (typeof id !== 'string') return 'la_child_id not a string';
  if (id.length === 0) return 'la_child_id empty';
  const problems = sharedDocumentValidator().validate(item);
  if (problems.length > 0) return problems.slice(0, 3).map((p) => `${p.path}: ${p.detail.replace(/^schema: /, '')}`).join('; ');
  return undefined;
}
