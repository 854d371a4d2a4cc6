#!/usr/bin/env node
// Benchmark: the accountants' XLSX export in streaming mode (exceljs WorkbookWriter, rows committed as written, with
// backpressure: cloud/src/platform/exports/xlsx-backpressure.ts), against a CSV of the same rows (the cheapest
// possible format) measured in the same run: rows per second and peak memory above the starting point, each size in
// a fresh process (a process's RSS never gives memory back, so sizes measured one after another would hide growth).
// The streaming target: memory flat within 30 MiB from the smaller size to the larger (issue 27).
// Usage: npm run build && node bench/invoice-xlsx-stream.mjs [small large]   (default 100000 300000)
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const flatWithinMiB = 30;

async function* lines(total) {
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
      buyerName: `Client ${i % 300}`,
      buyerKind: 'business',
      authority: 'FNE',
      authorityReference: `FNE-${String(i).padStart(8, '0')}`,
      certifiedAt: new Date(Date.UTC(2026, 9, 1) + i * 1000 + 60_000),
    };
  }
}

/** One measurement in this process: `format` (csv | xlsx) for `total` lines; prints one JSON line. */
async function measureOne(format, total) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ismail-xlsx-'));
  const file = path.join(dir, `lines.${format}`);
  const { writeLinesXlsx } = await import('../cloud/dist/src/modules/invoicing/render/xlsx-stream.js');
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const out = createWriteStream(file);
  const finished = once(out, 'finish');
  if (format === 'xlsx') await writeLinesXlsx(lines(total), out);
  else {
    for await (const l of lines(total)) {
      const row = `${l.number};${l.issuedAt.toISOString()};${l.kind};${l.label};${l.quantity};${l.unitPriceXof};${l.taxGroup};${l.ratePct};${l.amountXof};${l.buyerName};${l.authorityReference}\r\n`;
      if (!out.write(row)) await once(out, 'drain');
    }
    out.end();
  }
  await finished;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const bytes = statSync(file).size;
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ perSecond: total / seconds, peakMiB: (peak - base) / 1048576, bytes }));
}

function child(format, total) {
  const run = spawnSync(process.execPath, ['--expose-gc', here, '--one', format, String(total)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${format} ${String(total)}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
}

if (process.argv[2] === '--one') {
  await measureOne(process.argv[3], Number(process.argv[4]));
} else {
  const small = Number(process.argv[2] ?? '100000');
  const large = Number(process.argv[3] ?? '300000');
  const figures = {};
  for (const total of [small, large])
    for (const format of ['csv', 'xlsx']) {
      const f = child(format, total);
      figures[`${format}${total}`] = f;
      console.log(
        `${format.toUpperCase().padEnd(5)} ${String(total).padStart(7)} lines ${String(Math.round(f.perSecond)).padStart(8)} rows/s   peak +${f.peakMiB.toFixed(0).padStart(4)} MiB   file ${(f.bytes / 1048576).toFixed(1)} MiB`,
      );
    }
  const growth = figures[`xlsx${large}`].peakMiB - figures[`xlsx${small}`].peakMiB;
  console.log(
    `XLSX/CSV speed ratio ${(figures[`xlsx${large}`].perSecond / figures[`csv${large}`].perSecond).toFixed(2)}; ` +
      `XLSX peak grows ${growth.toFixed(0)} MiB from ${small} to ${large} lines ` +
      `(target: flat within ${flatWithinMiB} MiB: ${growth <= flatWithinMiB ? 'met' : 'NOT met'})`,
  );
}
