import { readFileSync, writeFileSync } from 'node:fs';
import { CONFIG_REFERENCE_DOC, withReferenceTable } from './config-reference-doc.js';

// `npm run config-reference`: rewrites the table in docs/configuration.md after a change to
// config-reference.ts, config-schema.ts or config/default.json.
writeFileSync(CONFIG_REFERENCE_DOC, withReferenceTable(readFileSync(CONFIG_REFERENCE_DOC, 'utf8')));
process.stdout.write(`wrote ${CONFIG_REFERENCE_DOC}\n`);
