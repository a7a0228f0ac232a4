/**
 * Builds the server in-process (never listening) on a throw-away embedded database and returns
 * the OpenAPI document it serves at /api/v1/openapi.json. Used by `npm run gen:api`,
 * `npm run lint:openapi` and the test that keeps web/src/api/schema.d.ts fresh.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { pgliteDb } from '../src/platform/db/index.js';

/** The document as served; the fixed PUBLIC_URL keeps it the same on every machine. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'devplat-openapi-'));
  const instance = await PGlite.create();
  try {
    const config = loadConfig({
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      APP_SECRET: 'openapi-document-only-openapi-document-only',
      PUBLIC_URL: 'http://localhost:3000',
      LOG_LEVEL: 'silent',
      WEB_DIST: path.join(dataDir, 'no-web'),
    });
    const { app } = await buildApp({ config, db: pgliteDb(instance), redis: null });
    await app.ready();
    const document = app.swagger() as unknown as Record<string, unknown>;
    await app.close();
    return document;
  } finally {
    await instance.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
