import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream, type PDFObject } from 'pdf-lib';
import { AppError } from '../../platform/errors.js';

/**
 * Keys and action types that make a PDF do something when opened (issue 14, finding 7): scripts,
 * actions run on open or on events, launching programs, files carried inside, XFA forms.
 * A business licence is a scan or a printout and needs none of them.
 */
const ACTIVE_KEYS = ['JS', 'JavaScript', 'OpenAction', 'AA', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'XFA'];
const ACTIVE_ACTIONS = ['JavaScript', 'Launch', 'ImportData', 'SubmitForm', 'Rendition'];
const ACTIVE_TYPES = ['EmbeddedFile', 'Filespec'];

/** The first active feature a PDF object carries, looking into nested dictionaries and arrays. */
function activeFeature(root: PDFObject): string | null {
  const stack: PDFObject[] = [root];
  const seen = new Set<PDFObject>();
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (seen.has(value)) continue;
    seen.add(value);
    const dict = value instanceof PDFDict ? value : value instanceof PDFStream ? value.dict : null;
    if (dict) {
      for (const key of ACTIVE_KEYS) if (dict.has(PDFName.of(key))) return key;
      const action = dict.get(PDFName.of('S'));
      if (action instanceof PDFName && ACTIVE_ACTIONS.includes(action.decodeText())) return action.decodeText();
      const type = dict.get(PDFName.of('Type'));
      if (type instanceof PDFName && ACTIVE_TYPES.includes(type.decodeText())) return type.decodeText();
      for (const [, child] of dict.entries()) stack.push(child);
    } else if (value instanceof PDFArray) {
      for (let i = 0; i < value.size(); i++) stack.push(value.get(i));
    }
  }
  return null;
}

/**
 * Parses the PDF with pdf-lib (object streams included) and refuses it when any object — the
 * catalog, its name trees, pages, annotations, form fields — carries JavaScript, an
 * OpenAction or other automatic action, a Launch, an embedded file or XFA: the coded 400
 * `upload.pdf_active_content` naming the feature. Unparseable or encrypted PDFs (which cannot be
 * inspected) are `upload.unreadable`.
 */
export async function checkPdf(bytes: Buffer): Promise<void> {
  // pdf-lib repairs what it can; a licence must at least be whole (end marker, a catalog).
  if (
    !bytes
      .subarray(Math.max(0, bytes.length - 1024))
      .toString('latin1')
      .includes('%%EOF')
  ) {
    throw new AppError('upload.unreadable');
  }
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
  } catch {
    throw new AppError('upload.unreadable');
  }
  if (doc.isEncrypted || !doc.context.trailerInfo.Root) throw new AppError('upload.unreadable');
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    // Raw streams (page contents, images) hold bytes, not objects; their dictionaries are checked.
    const feature = activeFeature(object instanceof PDFRawStream ? object.dict : object);
    if (feature) throw new AppError('upload.pdf_active_content', { feature });
  }
}
