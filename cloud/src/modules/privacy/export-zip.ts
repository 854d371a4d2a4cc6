/**
 * The person's data as a ZIP (issue 27, right of access and portability): README.txt in French, one
 * `<module>/<table>.json` per registered table (their rows, read in bounded pages, secrets left out) and their
 * documents (KYC files, document-store documents they own). Streamed through archiver: memory stays flat whatever
 * the history's size; the documents module's export job stores the bytes as they come.
 */
import { Readable } from 'node:stream';
import archiver from 'archiver';
import type { Database } from '../../platform/db/database.js';
import type { DocumentStore } from '../../platform/documents/types.js';
import type { PersonalDataTable } from '../../platform/personal-data.js';
import type { KycStore } from '../kyc/documents.js';
import { whereOf } from './erasure.js';

/** Rows read per query: bounded memory on a long history. */
const pageRows = 500;
/** Columns never exported: they prove nothing to the person and would help an attacker (hashes, sealed secrets). */
const secret = /(password|secret|sealed|token|hash|code_verifier|nonce|p256dh|^auth$)/;

export const tableFileName = (t: PersonalDataTable): string => `${t.module}/${t.table}.json`;

function readme(registry: readonly PersonalDataTable[], at: Date): string {
  const lines = [
    'ISMAIL : vos données personnelles',
    `Export produit le ${at.toISOString().slice(0, 10)} (loi n° 2013-450 relative à la protection des données).`,
    '',
    'Ce dossier contient :',
    '- un fichier JSON par table où ISMAIL garde des données vous concernant (dossier = module), même vide ;',
    '- vos documents : pièces KYC (dossier kyc/documents) et documents conservés à votre nom (dossier documents).',
    'Les mots de passe, secrets et empreintes techniques ne sont jamais exportés.',
    '',
    'Tables :',
    ...registry.map((t) => `- ${tableFileName(t)} : ${t.purposeFr} (conservation : ${t.retentionFr})`),
    '',
    'Pour corriger ou effacer vos données : Portail > Mes données > Demandes.',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

async function* tableJson(db: Database, t: PersonalDataTable, accountId: string, onRows: (n: number) => void) {
  yield '[';
  let first = true;
  for (let offset = 0; ; offset += pageRows) {
    // ctid orders a page stably within one export (no row of the person is written meanwhile in practice).
    const { rows } = await db.pool.query<Record<string, unknown>>(
      `SELECT * FROM ${t.table} WHERE ${whereOf(t)} ORDER BY ctid LIMIT ${String(pageRows)} OFFSET ${String(offset)}`,
      [accountId],
    );
    for (const row of rows) {
      const clean = Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, Buffer.isBuffer(v) ? `<${String(v.length)} octets>` : v]),
      );
      for (const k of Object.keys(clean)) if (secret.test(k)) delete clean[k];
      yield `${first ? '' : ','}\n${JSON.stringify(clean)}`;
      first = false;
    }
    onRows(rows.length);
    if (rows.length < pageRows) break;
  }
  yield '\n]\n';
}

export interface ExportInputs {
  readonly db: Database;
  readonly registry: readonly PersonalDataTable[];
  readonly kyc: KycStore;
  readonly store: DocumentStore | undefined;
  readonly accountId: string;
  readonly now: Date;
  readonly progress?: (doneRows: number) => void;
}

/** The ZIP's byte stream; entries are produced one after the other as archiver asks for them. */
export function personalDataZip(input: ExportInputs): Readable {
  const zip = archiver('zip', { zlib: { level: 6 } });
  let done = 0;
  const onRows = (n: number) => {
    done += n;
    input.progress?.(done);
  };
  zip.append(readme(input.registry, input.now), { name: 'README.txt' });
  for (const t of input.registry)
    zip.append(Readable.from(tableJson(input.db, t, input.accountId, onRows)), { name: tableFileName(t) });
  void (async () => {
    try {
      const kyc = await input.db.pool.query<{ id: string; kind: string; content_type: string }>(
        `SELECT d.id, d.kind, d.content_type FROM kyc_documents d JOIN kyc_cases c ON c.id = d.case_id
          WHERE c.account_id = $1 ORDER BY d.created_at`,
        [input.accountId],
      );
      for (const d of kyc.rows) {
        const ext = d.content_type === 'application/pdf' ? 'pdf' : d.content_type === 'image/png' ? 'png' : 'jpg';
        zip.append(await input.kyc.read(d.id), { name: `kyc/documents/${d.kind}-${d.id}.${ext}` });
      }
      if (input.store !== undefined) {
        // Earlier data exports are not put inside the new one (they would nest every previous ZIP).
        const owned = await input.db.pool.query<{ id: string }>(
          `SELECT id FROM documents WHERE owner_account_id = $1 AND erased_at IS NULL AND sha256 IS NOT NULL
             AND kind <> 'data_export' ORDER BY created_at`,
          [input.accountId],
        );
        for (const { id } of owned.rows) {
          const opened = await input.store.open(id);
          if (opened !== null) zip.append(opened.body, { name: `documents/${id}-${opened.document.filename}` });
        }
      }
      await zip.finalize();
    } catch (error) {
      zip.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return zip;
}
