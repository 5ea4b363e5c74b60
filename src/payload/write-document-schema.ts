/**
 * `npm run document-schema [-- path/to/dfe-csc-api.openapi.json]`
 *
 * Writes schema/child-document.schema.json: the DfE OpenAPI 1.0.1 `CSC` item schema (one child
 * document), with the rules payload.md adds on top (see {@link STRICTER}). Run it when the DfE
 * publishes a new contract; a unit test fails while the committed file differs from what this
 * produces from the shared spec.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../config/load-config.js';
import { documentSchemaFromOpenApi } from './document-schema.js';

const source = process.argv[2] ?? join(PACKAGE_ROOT, '..', 'shared', 'spec', 'dfe-csc-api.openapi.json');
const target = join(PACKAGE_ROOT, 'schema', 'child-document.schema.json');
writeFileSync(target, `${JSON.stringify(documentSchemaFromOpenApi(JSON.parse(readFileSync(source, 'utf8'))), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
