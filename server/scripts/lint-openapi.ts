/**
 * `npm run lint:openapi`: dumps the served OpenAPI document to a temporary file and runs
 * Redocly CLI's `recommended` rules on it (redocly.yaml at the repository root); any error or
 * warning fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../src/config.js';
import { openApiDocument } from './openapi-document.js';

const dir = mkdtempSync(path.join(tmpdir(), 'devplat-openapi-lint-'));
const file = path.join(dir, 'openapi.json');
writeFileSync(file, JSON.stringify(await openApiDocument(), null, 2));
const result = spawnSync('npx', ['redocly', 'lint', file, '--max-problems', '200'], {
  cwd: repoRoot,
  encoding: 'utf8',
  // A lint is a local check: no usage reports and no update look-ups from it.
  env: {
    ...process.env,
    REDOCLY_TELEMETRY: 'off',
    REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
    REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
  },
});
rmSync(dir, { recursive: true, force: true });
const output = `${result.stdout}${result.stderr}`;
process.stdout.write(output);
// Redocly exits 0 on warnings; the document is kept at none.
const warned = /You have \d+ warnings?/.test(output);
if (warned) console.error('lint:openapi: warnings count as failures here');
process.exit(result.status === 0 && !warned ? 0 : 1);
