import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, renderApiTypes } from '../scripts/api-types.js';
import { OPERATION_IDS } from '../src/platform/http/openapi.js';
import { startTestApp } from './harness.js';

describe('one source of truth for the API contract', () => {
  it('web/src/api/schema.d.ts is what `npm run gen:api` renders from the served document', async () => {
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    // On failure: run `npm run gen:api` and commit web/src/api/schema.d.ts.
    expect(committed === (await renderApiTypes()), 'web/src/api/schema.d.ts is stale: run npm run gen:api').toBe(true);
  });

  it('every documented operation has its own stable operationId, a 2xx answer and a security requirement', async () => {
    const t = await startTestApp();
    try {
      const doc = (await t.request({ url: '/api/v1/openapi.json' })).json<{
        paths: Record<string, Record<string, { operationId?: string; responses: object; security?: unknown[] }>>;
        components: { securitySchemes: Record<string, unknown> };
      }>();
      const ids: string[] = [];
      for (const [route, operations] of Object.entries(doc.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          expect(operation.operationId, `${method.toUpperCase()} ${route} has no operationId`).toBeTruthy();
          ids.push(operation.operationId!);
          expect(Object.keys(operation.responses).some((s) => s.startsWith('2'))).toBe(true);
          expect(Array.isArray(operation.security)).toBe(true);
        }
      }
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(Object.values(OPERATION_IDS).sort());
      expect(Object.keys(doc.components.securitySchemes)).toEqual(
        expect.arrayContaining(['session', 'appId', 'keyId', 'timestamp', 'nonce', 'signature']),
      );
    } finally {
      await t.close();
    }
  });
});
