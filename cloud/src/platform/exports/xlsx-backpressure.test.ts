import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { drainSheet, pipelineBytes, pipelineBytesMax } from './xlsx-backpressure.js';

const row = (i: number) => [`F-${String(i)}`, `Article ${String(i % 97)} — pagne « wax »`, 2500 + i, 'CI-TVA-18'];

describe('XLSX backpressure', () => {
  it('holds the rows while the reader is slow, so the unwritten XML stays bounded', async () => {
    // A reader that takes nothing until told: without backpressure every row's XML would wait in memory.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const out = new Writable({
      highWaterMark: 16 * 1024,
      write(_chunk, _encoding, callback) {
        void gate.then(() => callback());
      },
    });
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const sheet = workbook.addWorksheet('L');
    let written = 0;
    const writing = (async () => {
      for (let i = 0; i < 50_000; i++) {
        sheet.addRow(row(i)).commit();
        written++;
        if (written % 200 === 0) await drainSheet(workbook, sheet, out);
      }
    })();
    // Wait until the writer stops moving: held by the closed gate, it stops well before the last row.
    for (let last = -1; written !== last;) {
      last = written;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(written).toBeLessThan(20_000);
    // What waits in the pipeline is within a megabyte and a check's worth of rows.
    expect(pipelineBytes(workbook, sheet, out)).toBeLessThan(pipelineBytesMax + 200 * 1024);
    release();
    await writing;
    expect(written).toBe(50_000);
    sheet.commit();
    await workbook.commit();
  });

  it('stops instead of hanging when the output closes mid-export', async () => {
    const out = new PassThrough({ highWaterMark: 1024 });
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const sheet = workbook.addWorksheet('L');
    const writing = (async () => {
      for (let i = 0; i < 200_000; i++) {
        sheet.addRow(row(i)).commit();
        if ((i + 1) % 200 === 0) await drainSheet(workbook, sheet, out);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    out.destroy();
    await expect(writing).rejects.toThrow('closed before the end');
  });
});
