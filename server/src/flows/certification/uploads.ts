import type { Sharp } from 'sharp';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { Vault } from '../../platform/vault.js';
import type { UploadsRepository } from './uploads-repository.js';

export type UploadKind = 'business_licence' | 'id_front' | 'id_back';
export type Mime = 'image/jpeg' | 'image/png' | 'application/pdf';

export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;
/** 40 megapixels: any real licence or ID photo fits; decompression bombs do not. */
export const UPLOAD_MAX_PIXELS = 40_000_000;

const ALLOWED: Record<UploadKind, Mime[]> = {
  business_licence: ['image/jpeg', 'image/png', 'application/pdf'],
  id_front: ['image/jpeg', 'image/png'],
  id_back: ['image/jpeg', 'image/png'],
};

/** The type by magic bytes only: the file name and the client's Content-Type are ignored (SECURITY 34). */
export function sniff(bytes: Buffer): Mime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/**
 * Decodes and re-encodes an image: the output holds only pixels, so EXIF (GPS, camera), comments
 * and anything appended to the file (polyglots) are gone; the EXIF orientation is applied first.
 */
async function reencode(bytes: Buffer, mime: 'image/jpeg' | 'image/png'): Promise<Buffer> {
  let image: Sharp;
  try {
    // Loaded on the first upload, not at start-up (docs/benchmark.md, "Start-up").
    const { default: sharp } = await import('sharp');
    image = sharp(bytes, { limitInputPixels: UPLOAD_MAX_PIXELS, failOn: 'error' });
    const meta = await image.metadata();
    if ((meta.width ?? 0) * (meta.height ?? 0) > UPLOAD_MAX_PIXELS) throw new AppError('upload.too_many_pixels');
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(/pixel limit/i.test(String(error)) ? 'upload.too_many_pixels' : 'upload.unreadable');
  }
  try {
    const rotated = image.rotate();
    return await (mime === 'image/png' ? rotated.png() : rotated.jpeg({ quality: 90 })).toBuffer();
  } catch (error) {
    throw new AppError(/pixel limit/i.test(String(error)) ? 'upload.too_many_pixels' : 'upload.unreadable');
  }
}

export function createUploads(deps: { db: Queryable; repo: UploadsRepository; clock: Clock; vault: Vault }) {
  const { db, repo, clock, vault } = deps;
  return {
    async store(accountId: string, kind: UploadKind, bytes: Buffer) {
      if (bytes.length > UPLOAD_MAX_BYTES) throw new AppError('upload.too_large');
      const mime = sniff(bytes);
      if (!mime || !ALLOWED[kind].includes(mime)) throw new AppError('upload.type_not_allowed');
      let clean: Buffer;
      if (mime === 'application/pdf') {
        const { checkPdf } = await import('./pdf-check.js'); // pdf-lib, on the first PDF
        await checkPdf(bytes);
        clean = bytes;
      } else clean = await reencode(bytes, mime);
      const { envelope, content } = vault.sealBytes(clean);
      const id = await repo.insert(db, {
        accountId,
        kind,
        mime,
        size: clean.length,
        envelope,
        content,
        now: clock.now(),
      });
      return { id, kind, mime, size: clean.length };
    },

    /** The decrypted file, for its owner (`ownerId`) or for staff (`ownerId` null). Null when not visible. */
    async read(id: string, ownerId: string | null) {
      const row = await repo.find(db, id, ownerId);
      if (!row) return null;
      return { kind: row.kind, mime: row.mime, bytes: vault.openBytes(row.envelope, Buffer.from(row.content)) };
    },

    /** The kinds of the given ids that belong to the account (others are simply missing). */
    async kindsOf(accountId: string, ids: string[]): Promise<Map<string, UploadKind>> {
      return new Map((await repo.kindsOf(db, accountId, ids)).map((r) => [r.id, r.kind]));
    },
  };
}

export type Uploads = ReturnType<typeof createUploads>;
