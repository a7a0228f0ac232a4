import { http, ok } from '../../api/client.js';

/** Export my data: re-authenticate for a download ticket, then let the browser download the zip. */
export const dataExportApi = {
  start: (password: string, code?: string) =>
    ok(http.POST('/api/v1/me/data-export', { body: code ? { password, code } : { password } })),

  /**
   * The browser downloads the zip itself (straight to disk, as the server streams it): a link
   * with `download`, so the page never navigates away, clicked once.
   */
  download(ticket: string) {
    const link = document.createElement('a');
    link.href = `/api/v1/me/data-export?ticket=${encodeURIComponent(ticket)}`;
    link.download = '';
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
  },
};
