/**
 * `ismail invoice export <number> --format pdf|ticket80|ticket58|xlsx|csv|escpos --out <file>`
 * `ismail invoice archive <YYYY-MM>` and `ismail invoice archive-verify <YYYY-MM>`
 */
import { writeFileSync } from 'node:fs';
import { callBytes, callOk, CliFailure, type CliContext } from '../context.js';

const formats: Readonly<Record<string, string>> = {
  pdf: 'pdf',
  a4: 'pdf',
  ticket80: 'ticket80',
  ticket58: 'ticket58',
  xlsx: 'xlsx',
  csv: 'csv',
  escpos: 'escpos80',
  escpos80: 'escpos80',
  escpos58: 'escpos58',
};

export async function invoiceCommand(
  context: CliContext,
  args: readonly string[],
  format: string,
  out: string | undefined,
  issuer: string | undefined,
): Promise<number> {
  const [action, number] = args;
  if ((action === 'archive' || action === 'archive-verify') && number !== undefined)
    return archiveCommand(context, action, number);
  if (action !== 'export' || number === undefined)
    throw new CliFailure(
      'usage: ismail invoice export <number> --format pdf|ticket80|ticket58|xlsx|csv|escpos --out <file> [--issuer <account id>]',
    );
  const wire = formats[format];
  if (wire === undefined) throw new CliFailure(`--format must be one of ${Object.keys(formats).join(', ')}`);
  if (out === undefined) throw new CliFailure('give --out <file>');
  const query = new URLSearchParams({ format: wire, ...(issuer === undefined ? {} : { issuer }) });
  const bytes = await callBytes(
    context,
    `/v1/operator/invoices/by-number/${encodeURIComponent(number)}/export?${query.toString()}`,
  );
  writeFileSync(out, bytes);
  context.io.out(`wrote invoice ${number} as ${format} to ${out} (${String(bytes.length)} bytes)\n`);
  return 0;
}

interface Manifest {
  period: string;
  count: number;
  retainUntil: string;
  digest: string;
}

async function archiveCommand(
  context: CliContext,
  action: 'archive' | 'archive-verify',
  period: string,
): Promise<number> {
  if (action === 'archive') {
    const result = (await callOk(context, 'POST', '/v1/operator/invoices/archives', {
      body: { period },
      operator: true,
    })) as { manifest: Manifest; written: boolean };
    const m = result.manifest;
    context.io.out(
      `${result.written ? 'sealed' : 'already sealed'}: ${String(m.count)} invoices of ${m.period}, kept until ${m.retainUntil} (digest ${m.digest.slice(0, 16)}…)\n`,
    );
    return 0;
  }
  const result = (await callOk(context, 'GET', `/v1/operator/invoices/archives/${encodeURIComponent(period)}`, {
    operator: true,
  })) as {
    manifest: Manifest;
    matchesDatabase: boolean;
    missingFromArchive: string[];
    notInDatabase: string[];
  };
  if (result.matchesDatabase) {
    context.io.out(
      `archive of ${period} opens, every content hash checks, and it matches the database (${String(result.manifest.count)} invoices)\n`,
    );
    return 0;
  }
  context.io.err(
    `archive of ${period} differs from the database: missing from the archive ${result.missingFromArchive.slice(0, 10).join(', ') || '-'}; not in the database ${result.notInDatabase.slice(0, 10).join(', ') || '-'}\n`,
  );
  return 1;
}
