// Writes schema.json, the JSON Schema of every record the tool writes, for the package (run by npm run build).
import { writeFileSync } from 'node:fs';
import { jsonSchema } from '../dist/schema/index.js';

writeFileSync(new URL('../schema.json', import.meta.url), `${JSON.stringify(jsonSchema(), null, 2)}\n`);
