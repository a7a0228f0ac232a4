import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpeg, pdf, png, upload } from './certification-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await startTestApp();
  cookie = (await t.register()).cookie;
});
afterAll(() => t.close());

const download = (id: string) => t.request({ url: `/api/v1/certification/files/${id}`, cookie });

describe('SECURITY 34: uploads', () => {
  it('re-encodes images: EXIF (GPS, camera) is gone, the pixels stay', async () => {
    const withExif = await sharp({ create: { width: 80, height: 60, channels: 3, background: { r: 1, g: 2, b: 3 } } })
      .jpeg()
      .withExif({ IFD0: { Make: 'SpyCam', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 0/1' } })
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();
    const res = await upload(t, cookie, 'id_front', withExif);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'id_front', mime: 'image/jpeg' });
    const stored = (await download(res.json().id)).rawPayload;
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([80, 60]);
    expect(stored.includes(Buffer.from('SpyCam'))).toBe(false);
  });

  it('judges by magic bytes: a script named .jpg with an image type is refused', async () => {
    const script = Buffer.from('<script>alert(document.cookie)</script>');
    const res = await upload(t, cookie, 'id_front', script, 'photo.jpg', 'image/jpeg');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('upload.type_not_allowed');
    const html = await upload(
      t,
      cookie,
      'business_licence',
      Buffer.from('<!doctype html><html></html>'),
      'x.pdf',
      'application/pdf',
    );
    expect(html.json().code).toBe('upload.type_not_allowed');
  });

  it('a polyglot (valid JPEG + appended HTML/script) loses its payload in re-encoding', async () => {
    const polyglot = Buffer.concat([await jpeg(), Buffer.from('<html><script>alert(1)</script></html>')]);
    const res = await upload(t, cookie, 'id_back', polyglot);
    expect(res.statusCode).toBe(201);
    const stored = (await download(res.json().id)).rawPayload;
    expect(stored.includes(Buffer.from('<script>'))).toBe(false);
  });

  it('a PDF is allowed for the business licence only', async () => {
    expect((await upload(t, cookie, 'business_licence', pdf(), 'licence.pdf', 'application/pdf')).statusCode).toBe(201);
    expect((await upload(t, cookie, 'id_front', pdf(), 'id.pdf', 'application/pdf')).json().code).toBe(
      'upload.type_not_allowed',
    );
    expect((await upload(t, cookie, 'business_licence', Buffer.from('%PDF-1.4 truncated'), 'l.pdf')).json().code).toBe(
      'upload.unreadable',
    );
  });

  it('refuses files over 5 MB with 413', async () => {
    const big = Buffer.concat([await png(), Buffer.alloc(5 * 1024 * 1024)]);
    const res = await upload(t, cookie, 'id_front', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('upload.too_large');
  });

  it('refuses images over the pixel cap (decompression bombs)', async () => {
    const huge = await sharp({
      create: { width: 10_000, height: 5_000, channels: 3, background: { r: 0, g: 0, b: 0 } },
    })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(huge.length).toBeLessThan(5 * 1024 * 1024);
    const res = await upload(t, cookie, 'id_front', huge);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('upload.too_many_pixels');
  });

  it('refuses a damaged image', async () => {
    const damaged = Buffer.concat([(await jpeg()).subarray(0, 40), Buffer.alloc(100, 0x41)]);
    expect((await upload(t, cookie, 'id_front', damaged)).json().code).toBe('upload.unreadable');
  });

  it('stores files encrypted, under server-made ids, and serves them with nosniff, no-store and a safe disposition', async () => {
    const res = await upload(t, cookie, 'id_front', await png(), '../../etc/passwd.png', 'image/png');
    const id = res.json().id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const { rows } = await t.db.query<{ content: Buffer; envelope: string }>(
      'SELECT content, envelope FROM uploads WHERE id = $1',
      [id],
    );
    const content = Buffer.from(rows[0]!.content);
    expect(content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(false);
    expect(rows[0]!.envelope).toMatch(/^[\w-]+:[\w+/=]+:[\w+/=]+$/);
    const file = await download(id);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['cache-control']).toBe('no-store');
    expect(file.headers['content-disposition']).toBe('inline; filename="id_front.png"');
    const pdfRes = await upload(t, cookie, 'business_licence', pdf());
    expect((await download(pdfRes.json().id)).headers['content-disposition']).toBe(
      'attachment; filename="business_licence.pdf"',
    );
  });

  it('needs a session; a missing or wrong part is a coded 400', async () => {
    const anon = await t.app.inject({
      method: 'POST',
      url: '/api/v1/certification/uploads?kind=id_front',
      headers: { origin: 'http://localhost:3000' },
    });
    expect(anon.statusCode).toBe(401);
    const json = await t.request({ url: '/api/v1/certification/uploads?kind=id_front', body: { file: 'x' }, cookie });
    expect(json.statusCode).toBe(400);
    const badKind = await upload(t, cookie, 'passport', await png());
    expect(badKind.json().code).toBe('request.invalid');
  });
});
