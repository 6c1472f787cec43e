// What the commands need beyond parsing their arguments, loaded when a command runs: `disclose
// --version` and `--help` start without the parsers, the schemas and the worker pool.
export { FATAL_CODES, LIMITS, inputError, megabytes, sha256, tooLarge } from '../extract.js';
export { CSV_BOM, CSV_CHECKS_HEADER, CSV_HEADER } from '../report/csv.js';
export { jsonSchema, SCHEMA_VERSION } from '../schema/index.js';
export { compareYears, pairYears } from '../checks/years.js';
export { formatYears } from '../report/text.js';
export { resolveInputs, shard } from './inputs.js';
export { convertAll, workerLimits } from './pool.js';
export { reread } from './reread.js';
export { render } from './render.js';
