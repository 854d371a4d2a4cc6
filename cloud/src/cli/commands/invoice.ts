/** `ismail invoice export <number> --format pdf|ticket80|ticket58|xlsx|csv|escpos --out <file>` */
import { writeFileSync } from 'node:fs';
import { callBytes, CliFailure, type CliContext } from '../context.js';

const formats: Readonly<Record<string, string>> = { pdf: 'pdf', a4: 'pdf', ticket80: 'ticket80', ticket58: 'ticket58', xlsx: 'xlsx', csv: 'csv', escpos: 'escpos80', escpos80: 'escpos80', escpos58: 'escpos58' };

export async function invoiceCommand(context: CliContext, args: readonly string[], format: string, out: string | undefined, issuer: string | undefined): Promise<number> {
  const [action, number] = args;
  if (action !== 'export' || number === undefined) throw new CliFailure('usage: ismail invoice export <number> --format pdf|ticket80|ticket58|xlsx|csv|escpos --out <file> [--issuer <account id>]');
  const wire = formats[format];
  if (wire === undefined) throw new CliFailure(`--format must be one of ${Object.keys(formats).join(', ')}`);
  if (out === undefined) throw new CliFailure('give --out <file>');
  const query = new URLSearchParams({ format: wire, ...(issuer === undefined ? {} : { issuer }) });
  const bytes = await callBytes(context, `/v1/operator/invoices/by-number/${encodeURIComponent(number)}/export?${query.toString()}`);
  writeFileSync(out, bytes);
  context.io.out(`wrote invoice ${number} as ${format} to ${out} (${String(bytes.length)} bytes)\n`);
  return 0;
}
