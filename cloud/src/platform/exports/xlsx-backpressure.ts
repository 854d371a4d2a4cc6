/**
 * Backpressure for exceljs's streaming XLSX writer. `row.commit()` writes the row's XML into the sheet's buffer, which
 * hands it on down the zip pipeline (archiver's entry stream, zlib, archiver's output, then ours) without looking at
 * `write()`'s answer: when rows come faster than zlib compresses them or than the reader takes them (a phone on 3G),
 * the XML piles up in one of those streams (measured: +8 MiB per 50,000 invoice lines, the whole sheet by the end).
 * Every few hundred rows the writer waits here until the pipeline holds under a quarter megabyte again, so memory
 * stays flat whatever the number of lines (bench/invoice-xlsx-stream.mjs prints 100k against 300k).
 *
 * Which stream holds the backlog depends on who is slow, so this sums them all. They are exceljs's and archiver's
 * internals (`WorksheetWriter._stream.pipes`, `WorkbookWriter.zip` and its current task's source): pinned versions,
 * and the unit test beside this file fails if they move.
 */
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';

interface StreamState {
  readonly _writableState?: { readonly length: number };
  readonly _readableState?: { readonly length: number };
}

const held = (stream: StreamState | undefined): number =>
  (stream?._writableState?.length ?? 0) + (stream?._readableState?.length ?? 0);

/** Bytes waiting anywhere between the sheet's rows and the output. */
export function pipelineBytes(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheet: ExcelJS.Worksheet, out: Writable) {
  const entry = (sheet as unknown as { _stream?: { pipes?: StreamState[] } })._stream?.pipes ?? [];
  const zip = (workbook as unknown as { zip?: StreamState & { _task?: { source?: StreamState } } }).zip;
  return entry.reduce((sum, s) => sum + held(s), 0) + held(zip) + held(zip?._task?.source) + held(out as StreamState);
}

/**
 * A quarter megabyte: enough for compression and row writing to overlap. When the reader is the slow one, what waits is
 * archiver's compressed output (about a tenth of the XML), so this bounds some 2.5 MB of rows in flight.
 */
export const pipelineBytesMax = 256 * 1024;
/** Rows between two checks: cheap, and a few hundred rows' XML past the bound at most. */
export const drainEveryRows = 200;
const pollMs = 1;

/** Resolves once the pipeline holds less than `pipelineBytesMax`; rejects if the output closes first (never a hang). */
export async function drainSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  sheet: ExcelJS.Worksheet,
  out: Writable,
): Promise<void> {
  while (pipelineBytes(workbook, sheet, out) > pipelineBytesMax) {
    if (out.destroyed || out.writableEnded) throw new Error('the export output closed before the end');
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
