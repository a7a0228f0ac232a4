import type { UploadKind } from '@devplat/common';
import { ApiError, errorFromResponse, requestHeaders } from './client.js';
import type { UploadedFile } from './types.js';

/**
 * POST /certification/uploads: one file as the multipart part "file" (the browser sets the
 * boundary). Outside the typed client: the route reads the multipart stream itself, so the
 * document describes no request body for it.
 */
export async function uploadCertificationFile(kind: UploadKind, file: Blob): Promise<UploadedFile> {
  const form = new FormData();
  form.append('file', file);
  let response: Response;
  try {
    response = await fetch(`/api/v1/certification/uploads?kind=${kind}`, {
      method: 'POST',
      headers: requestHeaders(),
      credentials: 'same-origin',
      body: form,
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as UploadedFile;
}

/** Where the console shows an uploaded file: the owner's copy, or the staff copy. */
export const ownFileUrl = (id: string) => `/api/v1/certification/files/${encodeURIComponent(id)}`;
export const staffFileUrl = (id: string) => `/api/v1/admin/files/${encodeURIComponent(id)}`;
