#!/usr/bin/env node
// Benchmark: the accountants' XLSX export in streaming mode (exceljs WorkbookWriter, rows
// committed as written), 100,000 invoice lines by default, compared in the same run with a
// CSV of the same rows (the cheapest possible format): rows per second and peak memory above
// the starting point for each, so a regression to building the whole workbook in memory shows.
// Usage: npm run build && node bench/invoice-xlsx-stream.mjs [lines]
import { createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { writeLinesXlsx } from '../cloud/dist/src/modules/invoicing/render/xlsx-stream.js';

const total = Number(process.argv[2] ?? '100000');
const dir = mkdtempSync(path.join(tmpdir(), 'ismail-xlsx-'));

async function* lines() {
  for (let i = 0; i < total; i++) {
    yield {
      number: `F-CLOUD-2026-${String(1 + Math.floor(i / 5)).padStart(6, '0')}`,
      issuedAt: new Date(Date.UTC(2026, 9, 1) + i * 1000),
      kind: 'invoice',
      label: `Article n° ${i % 97} — pagne « wax »`,
      quantity: 1 + (i % 4) * 0.25,
      unitPriceXof: 2500 + (i % 50) * 10,
      taxGroup: i % 3 === 0 ? 'CI-TVA-9' : 'CI-TVA-18',
      ratePct: i % 3 === 0 ? 9 : 18,
      amountXof: 2500 + (i % 50) * 10,
    };
  }
}

async function measure(label, run) {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const file = await run();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(
    `${label.padEnd(34)} ${Math.round(total / seconds)
      .toString()
      .padStart(
        8,
      )} rows/s   peak +${((peak - base) / 1048576).toFixed(0).padStart(4)} MiB   file ${(statSync(file).size / 1048576).toFixed(1)} MiB`,
  );
  return { perSecond: total / seconds, peakMiB: (peak - base) / 1048576 };
}

const csv = await measure('CSV baseline (same rows)', async () => {
  const file = path.join(dir, 'lines.csv');
  const out = createWriteStream(file);
  for await (const l of lines()) {
    if (
      !out.write(
        `${l.number};${l.issuedAt.toISOString()};${l.kind};${l.label};${l.quantity};${l.unitPriceXof};${l.taxGroup};${l.ratePct};${l.amountXof}\r\n`,
      )
    )
      await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return file;
});
const xlsx = await measure('XLSX streaming (exceljs)', async () => {
  const file = path.join(dir, 'lines.xlsx');
  const out = createWriteStream(file);
  const done = once(out, 'finish');
  await writeLinesXlsx(lines(), out);
  await done;
  return file;
});
console.log(
  `XLSX/CSV speed ratio ${(xlsx.perSecond / csv.perSecond).toFixed(2)}; XLSX peak +${xlsx.peakMiB.toFixed(0)} MiB for ${total} lines (flat memory means streaming works)`,
);
