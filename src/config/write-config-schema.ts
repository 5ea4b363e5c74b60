import { writeFileSync } from 'node:fs';
import { CONFIG_JSON_SCHEMA_PATH, renderConfigJsonSchema } from './config-json-schema.js';

// `npm run config-schema`: rewrites config/config.schema.json after a change to config-schema.ts.
writeFileSync(CONFIG_JSON_SCHEMA_PATH, renderConfigJsonSchema());
process.stdout.write(`wrote ${CONFIG_JSON_SCHEMA_PATH}\n`);
