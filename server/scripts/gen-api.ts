/** `npm run gen:api`: regenerates web/src/api/schema.d.ts from the served OpenAPI document. */
import { writeFileSync } from 'node:fs';
import { API_TYPES_FILE, renderApiTypes } from './api-types.js';

writeFileSync(API_TYPES_FILE, await renderApiTypes());
console.log(`wrote ${API_TYPES_FILE}`);
