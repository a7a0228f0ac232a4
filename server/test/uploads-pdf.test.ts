import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upload } from './certification-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

/** Issue 14, finding 7: PDFs that do something when opened are refused (SECURITY 34). */

/** A one-page licence PDF; `arm` adds what a malicious one carries. */
async function licencePdf(arm?: (doc: PDFDocument) => void | Promise<void>, useObjectStreams = false) {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('Business licence 91350100M000100Y43', { x: 50, y: 780, size: 14 });
  await arm?.(doc);
  return Buffer.from(await doc.save({ useObjectStreams }));
}

const js = (code: string) => (doc: PDFDocument) =>
  doc.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of(code) });

const ARMED: Record<string, (doc: PDFDocument) => void | Promise<void>> = {
  'OpenAction JavaScript': (doc) => {
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(js('app.alert(1)')(doc)));
  },
  'a JavaScript name tree': (doc) => {
    const names = doc.context.obj({ Names: [PDFHexString.fromText('x'), doc.context.register(js('1')(doc))] });
    doc.catalog.set(PDFName.of('Names'), doc.context.obj({ JavaScript: doc.context.register(names) }));
  },
  'a Launch action on a page': (doc) => {
    const launch = doc.context.obj({ S: 'Launch', F: PDFString.of('cmd.exe') });
    doc.getPage(0).node.set(PDFName.of('AA'), doc.context.obj({ O: doc.context.register(launch) }));
  },
  'an embedded file (attach)': async (doc) => {
    await doc.attach(Buffer.from('MZ evil'), 'invoice.exe', { mimeType: 'application/octet-stream' });
  },
  'an XFA form': (doc) => {
    const xfa = doc.context.flateStream('<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"/>');
    doc.catalog.set(PDFName.of('AcroForm'), doc.context.obj({ Fields: [], XFA: doc.context.register(xfa) }));
  },
  'a link annotation running JavaScript': (doc) => {
    const annot = doc.context.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [0, 0, 100, 100],
      A: js('this.exportDataObject({})')(doc),
    });
    doc.getPage(0).node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(annot)]));
  },
};

describe('SECURITY 34 (issue 14 finding 7): active PDFs are refused, plain ones accepted', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await startTestApp();
    cookie = (await t.register()).cookie;
  });
  afterAll(() => t.close());

  it('a plain generated PDF is accepted and stored as sent', async () => {
    for (const objectStreams of [false, true]) {
      const res = await upload(t, cookie, 'business_licence', await licencePdf(undefined, objectStreams), 'l.pdf');
      expect(res.statusCode).toBe(201);
      expect(res.json().mime).toBe('application/pdf');
    }
  });

  for (const [what, arm] of Object.entries(ARMED)) {
    for (const objectStreams of [false, true]) {
      it(`a PDF with ${what}${objectStreams ? ' (in an object stream)' : ''} answers 400 upload.pdf_active_content`, async () => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/certification/uploads?kind=business_licence',
          ...(await (async () => {
            const { multipart } = await import('./certification-helpers.js');
            const body = multipart(await licencePdf(arm, objectStreams), 'licence.pdf', 'application/pdf');
            return {
              payload: body.payload,
              headers: {
                cookie,
                origin: 'http://localhost:3000',
                'accept-language': 'en',
                'content-type': body.contentType,
              },
            };
          })()),
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('upload.pdf_active_content');
        expect(res.json().message).toMatch(/not accepted/);
      });
    }
  }

  it('a PDF that cannot be parsed is upload.unreadable', async () => {
    const res = await upload(
      t,
      cookie,
      'business_licence',
      Buffer.from('%PDF-1.7\n1 0 obj << /Type /Page >> endobj\n%%EOF\n'),
      'l.pdf',
    );
    expect(res.json().code).toBe('upload.unreadable');
  });
});
