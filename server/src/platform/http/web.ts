import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/**
 * Serves the built console (web/dist) from the same process and port, with index.html for
 * client-side routes; API paths that match nothing answer a coded 404.
 */
export async function registerWeb(app: FastifyInstance, webDist: string) {
  const built = existsSync(path.join(webDist, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false, serve: true });
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
