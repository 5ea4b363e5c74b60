import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import * as addFormatsModule from 'ajv-formats';
import { PACKAGE_ROOT } from '../config/load-config.js';
import type { DocumentProblem } from './document-problem.js';

// ajv-formats is CommonJS: under NodeNext its plugin function is the module's `default`.
const addFormats = addFormatsModule.default as unknown as (ajv: Ajv, formats: string[]) => Ajv;

/** Checks built documents against schema/child-document.schema.json (the DfE contract plus payload.md rules). */
export interface DocumentValidator {
  /** Every way `doc` breaks the schema, as problems (paths and rules, never values). */
  validate(doc: unknown): DocumentProblem[];
}

/** `/social_care_episodes/0/closure_reason` -> `social_care_episodes[0].closure_reason`. */
function documentPath(error: ErrorObject): string {
  const parts = error.instancePath.split('/').slice(1);
  if (error.keyword === 'additionalProperties') parts.push(String((error.params as { additionalProperty?: string }).additionalProperty));
  if (error.keyword === 'required') parts.push(String((error.params as { missingProperty?: string }).missingProperty));
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '') || '(document)';
}

/**
 * Compiles the shipped schema once (ajv, all errors, `date` format). ajv's messages name only
 * the schema's limits ("must NOT have more than 20 characters"), never the value, so they can
 * be stored and logged.
 */
export function createDocumentValidator(): DocumentValidator {
  const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'child-document.schema.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv, ['date']);
  const check: ValidateFunction = ajv.compile(schema);
  return {
    validate(doc: unknown): DocumentProblem[] {
      if (check(doc)) return [];
      return (check.errors ?? []).map((error) => ({
        path: documentPath(error),
        rule: error.keyword,
        severity: 'error' as const,
        detail: `schema: ${error.message ?? error.keyword}`,
      }));
    },
  };
}

let shared: DocumentValidator | undefined;

/** One compiled validator per process (compiling costs tens of ms; cycles run every few seconds). */
export function sharedDocumentValidator(): DocumentValidator {
  shared ??= createDocumentValidator();
  return shared;
}
