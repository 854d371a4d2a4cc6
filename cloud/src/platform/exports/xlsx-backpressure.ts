/**
 * Backpressure for exceljs's streaming XLSX writer. `row.commit()` writes the row's XML into the sheet's buffer, which
 * hands it to the zip entry's stream without looking at `write()`'s answer: when rows come faster than zlib
 * compresses them, the uncompressed XML piles up in that stream (measured: +8 MiB per 50,000 invoice lines, the whole
 * sheet by the end). Waiting here, every few hundred rows, for the entry's stream and the output to drain keeps memory
 * flat whatever the number of lines (bench/invoice-xlsx-stream.mjs prints 100k against 300k).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';

/** What we read of a stream's state: exceljs pipes into readable-stream v2 streams, which lack `writableNeedDrain`. */
interface WritableStateLike {
  readonly _writableState?: { readonly length: number; readonly highWaterMark: number };
}

/** The sheet's zip-entry streams, an exceljs internal (`WorksheetWriter.stream.pipes`); none before the first row. */
function entryStreams(sheet: ExcelJS.Worksheet): readonly (Writable & WritableStateLike)[] {
  const stream = (sheet as unknown as { _stream?: { pipes?: (Writable & WritableStateLike)[] } })._stream;
  return stream?.pipes ?? [];
}

/**
 * Waiting at each high-water mark (16 KiB) would stop the rows at every zlib chunk; a megabyte of XML (a few thousand
 * rows) lets compression and row writing overlap while memory stays bounded. Past the mark, `write()` has answered
 * false, so the stream will emit 'drain'.
 */
const waitAboveBytes = 1024 * 1024;

const isFull = (stream: WritableStateLike): boolean => {
  const state = stream._writableState;
  return state !== undefined && state.length >= Math.max(state.highWaterMark, waitAboveBytes);
};

/** Resolves once the sheet's entry stream and the output are below their high-water marks. */
export async function drainSheet(sheet: ExcelJS.Worksheet, out: Writable): Promise<void> {
  for (const stream of [...entryStreams(sheet), out as Writable & WritableStateLike])
    if (isFull(stream)) await once(stream, 'drain');
}

/** Rows between two waits: the buffer stays within a few hundred rows' XML, and the waits cost next to nothing. */
export const drainEveryRows = 200;
