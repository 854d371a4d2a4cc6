#!/usr/bin/env node
// Benchmark: A4 invoice PDFs through the real renderer (shared layout → pdfkit, DejaVu fonts
// loaded once per process, QR), compared in the same run with the same invoice as HTML
// rendered by wkhtmltopdf (Debian package), the usual "HTML to PDF" way. Prints invoices per
// second, the median milliseconds per A4 invoice and the speed ratio.
// Targets (issue 6): at least 50 times faster than wkhtmltopdf, median under 5 ms per invoice.
// Usage: npm run build && node bench/invoice-pdf.mjs [invoices] [wkhtmltopdf runs]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import { computeTotals, invoiceLayout } from '../shared/dist/src/index.js';
import { invoicePdf } from '../cloud/dist/src/modules/invoicing/render/pdf.js';
import { invoiceHtml } from '../cloud/dist/src/modules/invoicing/render/html.js';

const count = Number(process.argv[2] ?? '300');
const wkRuns = Number(process.argv[3] ?? '10');
const lines = Array.from({ length: 12 }, (_, i) => ({
  label: `Article n° ${i + 1} — pagne « wax » imprimé`,
  quantityMilli: 1000 + i * 250,
  unitPriceXof: 2500 + i * 175,
  taxGroup: i % 3 === 0 ? 'CI-TVA-9' : 'CI-TVA-18',
  discountXof: 0,
}));
const totals = computeTotals({ lines, priceMode: 'tax_included' });
const doc = {
  kind: 'invoice',
  number: 'F-CLOUD-2026-000123',
  issuedAt: '2026-11-24T14:05:00.000Z',
  document: {
    kind: 'invoice',
    currency: 'XOF',
    priceMode: 'tax_included',
    seller: {
      legalName: 'Boutique Awa SARL',
      taxId: '1234567A',
      taxRegime: 'RSI',
      address: 'Cocody, Abidjan',
      country: 'CI',
    },
    buyer: { kind: 'B2C', name: 'Aïcha Koné' },
    lines,
    payments: [{ method: 'cash', amountXof: totals.grossXof }],
  },
  totals,
  contentHash: 'ab'.repeat(32),
  clearance: {
    authority: 'DGI',
    reference: '9606123E25000000019',
    qrData: 'https://www.services.fne.dgi.gouv.ci/fr/verification/019465c1-3f61-766c-9652-706e32dfb436',
  },
  verificationUrl: 'https://cloud.ismail.ci/v1/invoices/x/verify',
};
const blocks = invoiceLayout(doc);

for (let i = 0; i < 20; i++) await invoicePdf(blocks, 'a4'); // warm-up: JIT, fonts
const times = [];
const started = performance.now();
for (let i = 0; i < count; i++) {
  const t0 = performance.now();
  await invoicePdf(blocks, 'a4');
  times.push(performance.now() - t0);
}
const ours = count / ((performance.now() - started) / 1000);
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `pdfkit renderer (A4, 12 lines, QR)       ${ours.toFixed(0).padStart(6)} invoices/s   median ${median.toFixed(2)} ms`,
);

const wk = spawnSync('sh', ['-c', 'command -v wkhtmltopdf']).status === 0;
if (!wk) {
  console.log('wkhtmltopdf is not installed (apt-get install wkhtmltopdf): no baseline in this run');
  process.exit(0);
}
const dir = mkdtempSync(path.join(tmpdir(), 'ismail-bench-'));
const qr = `data:image/png;base64,${(await QRCode.toBuffer(doc.clearance.qrData, { errorCorrectionLevel: 'M', margin: 4, scale: 4 })).toString('base64')}`;
const html = path.join(dir, 'invoice.html');
writeFileSync(
  html,
  invoiceHtml(blocks, () => qr),
);
execFileSync('wkhtmltopdf', ['--quiet', html, path.join(dir, 'warm.pdf')]);
const wkStarted = performance.now();
for (let i = 0; i < wkRuns; i++) execFileSync('wkhtmltopdf', ['--quiet', html, path.join(dir, `out-${i}.pdf`)]);
const theirs = wkRuns / ((performance.now() - wkStarted) / 1000);
console.log(
  `wkhtmltopdf (same invoice as HTML)       ${theirs.toFixed(1).padStart(6)} invoices/s   median ~${(1000 / theirs).toFixed(0)} ms`,
);
console.log(
  `ratio: ${(ours / theirs).toFixed(0)}x faster (target >= 50x); median ${median.toFixed(2)} ms (target < 5 ms)`,
);
