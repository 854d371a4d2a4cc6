// Proves the decoder reads ESC/POS as a printer does: code pages, styles, alignment within
// the paper, feeds, QR, images, cuts and drawer kicks, unknown bytes never printed, and
// any split or any garbage decoded without throwing and within bounds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCp858, invoiceEscPos, type LayoutBlock } from '@ismail/shared';
import { decodeEscPos, EscPosDecoder } from './escpos-decoder.js';
import type { EscPosEvent } from './escpos-types.js';

const ESC = 0x1b;
const GS = 0x1d;
const DLE = 0x10;

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? Array.from(Buffer.from(part, 'latin1')) : part)));

const ofType = <T extends EscPosEvent['type']>(
  events: readonly EscPosEvent[],
  type: T,
): Extract<EscPosEvent, { type: T }>[] =>
  events.filter((event): event is Extract<EscPosEvent, { type: T }> => event.type === type);

describe('ESC/POS decoder: text', () => {
  it('reads the upper half through the selected code page, PC437 by default and after ESC @', () => {
    const high = [0x82, 0x9b, 0xd5, 0xe9, 0x0a];
    const text = (table: number | null) =>
      decodeEscPos(bytes([ESC, 0x40], table === null ? [] : [ESC, 0x74, table], high)).text;
    expect(text(null)).toBe('é¢╒Θ\n');
    expect(text(0)).toBe('é¢╒Θ\n');
    expect(text(2)).toBe('éøıÚ\n');
    expect(text(19)).toBe('éø€Ú\n');
    expect(text(16)).toBe('‚›Õé\n');
    expect(decodeEscPos(bytes([ESC, 0x74, 19, ESC, 0x40], high)).text).toBe('é¢╒Θ\n');
  });

  it('marks a table it does not have, and prints its upper half as U+FFFD rather than guessing', () => {
    const transcript = decodeEscPos(bytes([ESC, 0x74, 17], 'A', [0x82], '\n'));
    expect(ofType(transcript.events, 'code-page')).toEqual([
      { type: 'code-page', offset: 0, table: 17, codePage: null },
    ]);
    expect(transcript.text).toBe('A\ufffd\n');
  });

  it('round-trips every character the shared encoder puts in PC858', () => {
    const french = 'ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜàâäçéèêëîïôöùûüÿ€°«»';
    expect(decodeEscPos(bytes([ESC, 0x74, 19], encodeCp858(french), '\n')).text).toBe(`${french}\n`);
  });

  it('aligns lines within 48 columns on 80 mm and 32 on 58 mm; ESC a mid-line is ignored', () => {
    const job = bytes([ESC, 0x61, 1], 'CENTRE\n', [ESC, 0x61, 2], 'DROITE\n', 'ab', [ESC, 0x61, 0], 'cd\n');
    expect(decodeEscPos(job).text).toBe(`${' '.repeat(21)}CENTRE\n${' '.repeat(42)}DROITE\n${' '.repeat(44)}abcd\n`);
    expect(decodeEscPos(job, { paperWidth: '58mm' }).text).toBe(
      `${' '.repeat(13)}CENTRE\n${' '.repeat(26)}DROITE\n${' '.repeat(28)}abcd\n`,
    );
    expect(ofType(decodeEscPos(job).events, 'align').map((a) => a.applied)).toEqual([true, true, false]);
  });

  it('keeps bold, underline and double size on the runs, and centres double width by its real width', () => {
    const job = bytes(
      [ESC, 0x61, 1, GS, 0x21, 0x11],
      'TOTAL',
      [GS, 0x21, 0x00, ESC, 0x45, 1],
      '!',
      [ESC, 0x45, 0, ESC, 0x2d, 2],
      '_\n',
    );
    const transcript = decodeEscPos(job);
    const [line] = ofType(transcript.events, 'line');
    expect(
      line?.runs.map((run) => [
        run.text,
        run.style.bold,
        run.style.underline,
        run.style.widthScale,
        run.style.heightScale,
      ]),
    ).toEqual([
      ['TOTAL', false, 0, 2, 2],
      ['!', true, 0, 1, 1],
      ['_', false, 2, 1, 1],
    ]);
    expect(line?.widthDots).toBe(5 * 24 + 2 * 12);
    expect(line?.heightDots).toBe(48);
    // (576 - 144) / 2 = 216 dots = 18 columns of font A.
    expect(transcript.text).toBe(`${' '.repeat(18)}TOTAL!_\n`);
  });

  it('wraps a line that runs past the paper, as the printer does', () => {
    const transcript = decodeEscPos(bytes('x'.repeat(50), '\n'));
    expect(transcript.text).toBe(`${'x'.repeat(48)}\nxx\n`);
    expect(ofType(transcript.events, 'line').map((line) => line.endedBy)).toEqual(['wrap', 'LF']);
  });

  it('feeds: ESC d n prints the line and n - 1 more, n blank lines when the buffer is empty; HT reaches the next stop', () => {
    expect(decodeEscPos(bytes('A', [ESC, 0x64, 3])).text).toBe('A\n\n\n');
    expect(decodeEscPos(bytes([ESC, 0x64, 2])).text).toBe('\n\n');
    expect(decodeEscPos(bytes('ab\tc\n')).text).toBe(`ab${' '.repeat(6)}c\n`);
  });

  it('discards the line buffer on ESC @ and prints an unterminated last line at the end of the data', () => {
    const transcript = decodeEscPos(bytes('lost', [ESC, 0x40], 'kept'));
    expect(transcript.text).toBe('kept\n');
    expect(ofType(transcript.events, 'line')[0]?.endedBy).toBe('end-of-data');
  });
});

describe('ESC/POS decoder: commands', () => {
  it('decodes a ticket from the shared encoder: code page, bold centred title, QR, feed and cut', () => {
    const blocks: LayoutBlock[] = [
      { type: 'title', text: 'Pâtisserie Adjoua' },
      {
        type: 'lines',
        header: ['Article', 'Qté', 'PU', 'Montant'],
        rows: [['Crème brûlée — 12 500 FCFA', '1', '12 500', '12 500']],
      },
      { type: 'qr', data: 'https://verify.example/f/FA-1?h=ab12', caption: 'Vérifier' },
    ];
    const transcript = decodeEscPos(invoiceEscPos(blocks, '80mm', { codePage: 'pc858' }));
    expect(ofType(transcript.events, 'code-page')[0]?.codePage).toBe('PC858');
    const lines = transcript.text.split('\n');
    expect(lines[0]).toBe(`${' '.repeat(15)}Pâtisserie Adjoua`);
    // PC858 has no em dash: the encoder spells it "-". WPC1252 has it (0x97).
    expect(lines).toContain('Crème brûlée - 12 500 FCFA');
    expect(decodeEscPos(invoiceEscPos(blocks, '80mm', { codePage: 'wpc1252' })).text.split('\n')).toContain(
      'Crème brûlée — 12 500 FCFA',
    );
    expect(transcript.qrCodes).toEqual(['https://verify.example/f/FA-1?h=ab12']);
    expect(ofType(transcript.events, 'qr')[0]).toMatchObject({
      model: 2,
      moduleDots: 5,
      errorCorrection: 'M',
      align: 'center',
    });
    expect(ofType(transcript.events, 'line')[0]?.runs[0]?.style.bold).toBe(true);
    expect(transcript.cuts).toBe(1);
    expect(ofType(transcript.events, 'cut')).toEqual([expect.objectContaining({ mode: 'partial', feedDots: 0 })]);
    expect(ofType(transcript.events, 'unknown-command')).toEqual([]);
  });

  it('counts cuts and drawer kicks in all their forms', () => {
    const transcript = decodeEscPos(
      bytes([GS, 0x56, 0, GS, 0x56, 49, GS, 0x56, 65, 3, ESC, 0x69, ESC, 0x70, 0, 25, 250, DLE, 0x14, 1, 1, 2]),
    );
    expect(transcript.cuts).toBe(4);
    expect(ofType(transcript.events, 'cut').map((cut) => [cut.mode, cut.feedDots])).toEqual([
      ['full', 0],
      ['partial', 0],
      ['full', 3],
      ['partial', 0],
    ]);
    expect(transcript.drawerKicks).toBe(2);
    expect(
      ofType(transcript.events, 'drawer-kick').map((kick) => [kick.command, kick.pin, kick.onMs, kick.offMs]),
    ).toEqual([
      ['ESC p', 2, 50, 500],
      ['DLE DC4', 5, 200, 200],
    ]);
  });

  it('records status requests (DLE EOT n, GS r n) without printing them', () => {
    const transcript = decodeEscPos(bytes([DLE, 0x04, 1, DLE, 0x04, 4, GS, 0x72, 1], 'ok\n'));
    expect(ofType(transcript.events, 'status-request').map((request) => request.n)).toEqual([1, 4]);
    expect(ofType(transcript.events, 'transmit-status').map((request) => request.n)).toEqual([1]);
    expect(transcript.text).toBe('ok\n');
  });

  it('keeps QR settings, skips a print with nothing stored, and prints the stored bytes as UTF-8', () => {
    const data = Array.from(Buffer.from('Crème', 'utf8'));
    const store = [GS, 0x28, 0x6b, data.length + 3, 0, 0x31, 0x50, 0x30, ...data];
    const print = [GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30];
    const transcript = decodeEscPos(
      bytes(print, [GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, 8, GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x33], store, print),
    );
    expect(transcript.qrCodes).toEqual(['Crème']);
    expect(ofType(transcript.events, 'qr')[0]).toMatchObject({ moduleDots: 8, errorCorrection: 'H', model: 2 });
    expect(ofType(transcript.events, 'command')[0]?.name).toBe('GS ( k QR print with no data stored');
    expect(transcript.text).toBe('[QR: Crème]\n');
  });

  it('decodes raster (GS v 0) and column (ESC *) images into row bits', () => {
    const raster = decodeEscPos(bytes([GS, 0x76, 0x30, 0, 2, 0, 2, 0, 0xff, 0x00, 0x80, 0x01]));
    expect(ofType(raster.events, 'image')[0]).toMatchObject({
      command: 'GS v 0',
      widthDots: 16,
      heightDots: 2,
      scaleX: 1,
      scaleY: 1,
      bits: Uint8Array.from([0xff, 0x00, 0x80, 0x01]),
    });
    const column = decodeEscPos(bytes([ESC, 0x2a, 33, 2, 0, 0x80, 0x00, 0x01, 0x00, 0x00, 0x00]));
    const image = ofType(column.events, 'image')[0];
    expect(image).toMatchObject({ command: 'ESC *', widthDots: 2, heightDots: 24, scaleX: 1, scaleY: 1 });
    expect(image?.bits[0]).toBe(0x80); // column 0, top dot
    expect(image?.bits[23]).toBe(0x80); // column 0, bottom dot
  });

  it('records unknown commands and control bytes, and never prints them', () => {
    const transcript = decodeEscPos(bytes('a', [0x07, 0x00, ESC, 0x01, DLE], 'b', [0x7f], '\n'));
    expect(transcript.text).toBe('ab\n');
    expect(ofType(transcript.events, 'control-byte').map((event) => event.byte)).toEqual([0x07, 0x00, DLE, 0x7f]);
    expect(ofType(transcript.events, 'unknown-command')).toEqual([
      { type: 'unknown-command', offset: 3, bytes: [ESC, 0x01], byteLength: 2 },
    ]);
  });

  it('records a command cut short by the end of the job as truncated', () => {
    const transcript = decodeEscPos(bytes('ok\n', [GS, 0x76, 0x30, 0, 10, 0, 10, 0, 1, 2, 3]));
    expect(ofType(transcript.events, 'truncated')).toEqual([
      { type: 'truncated', offset: 3, bytes: [GS, 0x76, 0x30, 0, 10, 0, 10, 0, 1, 2, 3], byteLength: 11 },
    ]);
    expect(transcript.text).toBe('ok\n');
  });
});

describe('ESC/POS decoder: robustness', () => {
  const ticket = invoiceEscPos(
    [
      { type: 'title', text: 'Boutique' },
      { type: 'totals', rows: [['Total HT', '10 000']], grand: ['Total TTC', '11 800 FCFA'] },
      { type: 'qr', data: 'https://verify.example/x', caption: 'Vérifier' },
    ],
    '58mm',
  );

  it('gives the same transcript whatever way the job is split across pushes', () => {
    const whole = decodeEscPos(ticket, { paperWidth: '58mm' });
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: ticket.length - 1 }), { maxLength: 20 }), (cuts) => {
        const decoder = new EscPosDecoder({ paperWidth: '58mm' });
        let from = 0;
        for (const at of [...cuts].sort((a, b) => a - b)) {
          decoder.push(ticket.subarray(from, at));
          from = at;
        }
        decoder.push(ticket.subarray(from));
        expect(decoder.finish()).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on garbage, split or whole', () => {
    const commandish = fc.oneof(
      fc.constantFrom(ESC, GS, DLE, 0x1c, 0x0a, 0x28, 0x6b, 0x76, 0x30, 0x4c, 0x38, 0x56, 0x00, 0xff),
      fc.integer({ min: 0, max: 255 }),
    );
    fc.assert(
      fc.property(fc.array(commandish, { maxLength: 3000 }), fc.integer({ min: 1, max: 64 }), (values, chunkBytes) => {
        const data = Uint8Array.from(values);
        const whole = decodeEscPos(data);
        const decoder = new EscPosDecoder();
        for (let at = 0; at < data.length; at += chunkBytes) decoder.push(data.subarray(at, at + chunkBytes));
        expect(decoder.finish()).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('bounds what it keeps for a runaway job (4 MiB of "feed 255 lines")', () => {
    const runaway = new Uint8Array(4 * 1024 * 1024);
    for (let i = 0; i + 2 < runaway.length; i += 3) runaway.set([ESC, 0x64, 255], i);
    const started = performance.now();
    const transcript = decodeEscPos(runaway);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(transcript.text.length).toBeLessThanOrEqual(256 * 1024);
    expect(transcript.events.length).toBeLessThanOrEqual(20_000 + 3);
    expect(
      ofType(transcript.events, 'limit-reached')
        .map((event) => event.what)
        .sort(),
    ).toEqual(['events', 'text']);
  });
});
