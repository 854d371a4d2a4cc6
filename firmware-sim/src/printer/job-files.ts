/**
 * Writes a finished job to the jobs folder: `<id>.bin` (the bytes as received),
 * `<id>.txt` and `<id>.png` (what the paper shows, for printed jobs only) and one line of
 * `jobs.jsonl` per job (its outcome, and how many lines ran past the paper's edge), so a person can see what the
 * counter printed without a printer.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PrintJob } from './network-printer.js';

export function writeJobFiles(jobsDir: string, job: PrintJob): void {
  const base = path.join(jobsDir, String(job.id));
  writeFileSync(`${base}.bin`, job.bytes);
  if (job.png !== null) {
    writeFileSync(`${base}.txt`, job.text);
    writeFileSync(`${base}.png`, job.png);
  }
  const summary = {
    id: job.id,
    receivedAt: job.receivedAt,
    completedAt: job.completedAt,
    byteLength: job.bytes.length,
    outcome: job.outcome,
    notPrintedBecause: job.notPrintedBecause,
    cuts: job.transcript.cuts,
    drawerKicks: job.transcript.drawerKicks,
    qrCodes: job.transcript.qrCodes,
    // Lines the printer had to wrap at the paper's edge: a ticket laid out for its width has none.
    wrappedLines: job.transcript.events.filter((event) => event.type === 'line' && event.endedBy === 'wrap').length,
    text: job.text,
  };
  appendFileSync(path.join(jobsDir, 'jobs.jsonl'), `${JSON.stringify(summary)}\n`);
}
