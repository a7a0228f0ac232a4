import type { FastifyReply } from 'fastify';

const EXT = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' } as const;

/**
 * Sends a decrypted upload so that a browser can only show it, never run it (SECURITY 34):
 * the type we sniffed, nosniff, no caching anywhere, and a server-made file name.
 */
export function sendUpload(reply: FastifyReply, file: { kind: string; mime: keyof typeof EXT; bytes: Buffer }) {
  const disposition = file.mime === 'application/pdf' ? 'attachment' : 'inline';
  return reply
    .header('content-type', file.mime)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .header('content-disposition', `${disposition}; filename="${file.kind}.${EXT[file.mime]}"`)
    .send(file.bytes);
}
