import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/** The content-hashed build output under assets/: cached for a year, never revalidated. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/**
 * Serves the built console (web/dist) from the same process and port, with index.html for
 * client-side routes; API paths that match nothing answer a coded 404.
 */
export async function registerWeb(app: FastifyInstance, webDist: string) {
  const built = existsSync(path.join(webDist, 'index.html'));
  if (built) {
    const assets = path.join(webDist, 'assets') + path.sep;
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      serve: true,
      // Vite names every file under assets/ by a hash of its content, so a browser may keep it for
      // good; everything else (favicon, index.html) is asked again each time.
      setHeaders: (reply, file) => {
        if (file.startsWith(assets)) void reply.header('cache-control', ASSET_CACHE_CONTROL);
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !request.url.startsWith('/api/') &&
      !request.url.startsWith('/open/');
    if (!isPage) throw new AppError('request.not_found');
    if (!built) {
      return reply
        .type('text/plain; charset=utf-8')
        .send('The console is not built yet: run `npm run build`, then restart.');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
}
