/**
 * The invoice as a standalone HTML page from the same layout blocks (web portal view; also the benchmark's wkhtmltopdf
 * input).
 */
import { displayText, type LayoutBlock } from '@ismail/shared';

/** Escaped for HTML after the shared display rule (control characters shown as everywhere else). */
const esc = (t: string) =>
  displayText(t).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function invoiceHtml(blocks: readonly LayoutBlock[], qrPngDataUrl?: (data: string) => string): string {
  const body = blocks
    .map((b) => {
      switch (b.type) {
        case 'title':
          return `<h1>${esc(b.text)}</h1>`;
        case 'text':
          return b.bold === true ? `<p><strong>${esc(b.text)}</strong></p>` : `<p>${esc(b.text)}</p>`;
        case 'pairs':
          return `<dl>${b.pairs.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
        case 'lines':
          return `<table><thead><tr>${b.header.map((h, i) => `<th${i > 0 ? ' class="n"' : ''}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
            .map((r) => `<tr>${r.map((c, i) => `<td${i > 0 ? ' class="n"' : ''}>${esc(c)}</td>`).join('')}</tr>`)
            .join('')}</tbody></table>`;
        case 'totals':
          return `<table class="totals">${b.rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td class="n">${esc(v)}</td></tr>`).join('')}<tr class="grand"><td>${esc(b.grand[0])}</td><td class="n">${esc(b.grand[1])}</td></tr></table>`;
        case 'qr':
          return qrPngDataUrl === undefined
            ? `<p>${esc(b.caption)}</p>`
            : `<figure><img alt="QR" width="110" height="110" src="${qrPngDataUrl(b.data)}"><figcaption>${esc(b.caption)}</figcaption></figure>`;
        case 'rule':
          return '<hr>';
      }
    })
    .join('\n');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Facture</title><style>
body{font-family:"DejaVu Sans",sans-serif;font-size:10pt;margin:15mm}h1{font-size:16pt;margin:0 0 4pt}dl{display:grid;grid-template-columns:max-content auto;gap:0 8pt}dt{font-weight:bold}dd{margin:0}
table{width:100%;border-collapse:collapse;margin:6pt 0}th,td{padding:2pt 4pt;border-bottom:0.5pt solid #999}.n{text-align:right}.grand td{font-weight:bold;font-size:11pt}
</style></head><body>
${body}
</body></html>`;
}
