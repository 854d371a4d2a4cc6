/**
 * Saves an invoice's export (PDF or XLSX) on the phone: fetched with the session's token (a plain
 * link could not carry it), then handed to the browser as a file named by the cloud.
 */
import { api, apiError } from '../../api/client.js';

export type ExportFormat = 'pdf' | 'xlsx';

export async function downloadInvoice(invoiceId: string, format: ExportFormat, fallbackName: string): Promise<void> {
  const { data, error, response } = await api.GET('/v1/invoices/{invoiceId}/export', {
    params: { path: { invoiceId }, query: { format } },
    parseAs: 'blob',
  });
  if (data === undefined) throw apiError(error, response.status);
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `${fallbackName}.${format}`;
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Long enough for the browser to start saving it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
