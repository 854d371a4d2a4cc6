/**
 * KYC document storage (SPEC 3.12): bytes are checked (declared type must match the
 * file's magic bytes, size bounded), sealed with AES-256-GCM under the master key (context
 * binds the ciphertext to its document id) and written to a file; the database keeps
 * metadata only. Neither the database nor the disk holds a readable byte of a document.
 * A case holds at most `kycDocumentsPerCaseMax` documents and `kycCaseMaxBytes` bytes, and
 * takes none once submitted (routes/kyc.ts, under the case's row lock).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { open, seal, type MasterKey } from '../../platform/crypto/sealed.js';

export const kycDocumentMaxBytes = 5 * 1024 * 1024;
/** Documents one case may hold, replacements included (the latest of each kind is the one reviewed). */
export const kycDocumentsPerCaseMax = 10;
/** Bytes one case may hold in all: four documents of the largest size. */
export const kycCaseMaxBytes = 4 * kycDocumentMaxBytes;
export const kycContentTypes = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type KycContentType = (typeof kycContentTypes)[number];
export const kycDocumentKinds = ['id_document', 'photo', 'proof_of_address'] as const;
export type KycDocumentKind = (typeof kycDocumentKinds)[number];

const magic: Readonly<Record<KycContentType, number[]>> = {
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
};

export function checkDocument(kind: KycDocumentKind, contentType: string, bytes: Buffer): KycContentType {
  if (!(kycContentTypes as readonly string[]).includes(contentType))
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send a JPEG, PNG or PDF file.');
  const type = contentType as KycContentType;
  if (bytes.length === 0 || bytes.length > kycDocumentMaxBytes)
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `A document is 1 byte to ${String(kycDocumentMaxBytes / 1024 / 1024)} MiB.`,
    );
  if (!magic[type].every((byte, i) => bytes[i] === byte))
    throw new AppError('VALIDATION_FAILED', `The file is not really ${type}.`);
  if (kind === 'photo' && type === 'application/pdf')
    throw new AppError('VALIDATION_FAILED', 'The photo must be a JPEG or PNG image.');
  return type;
}

export function kycStore(directory: string, masterKey: MasterKey) {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const fileOf = (documentId: string): string => path.join(directory, `${documentId}.sealed`);
  return {
    write(documentId: string, bytes: Buffer): void {
      const temporary = `${fileOf(documentId)}.tmp`;
      // Write then rename: a crash leaves either no document or a whole one.
      writeFileSync(temporary, seal(masterKey, `kyc:${documentId}`, bytes), { mode: 0o600 });
      renameSync(temporary, fileOf(documentId));
    },
    /** Removes a document whose record was not committed (a refused or failed upload). */
    remove(documentId: string): void {
      rmSync(fileOf(documentId), { force: true });
      rmSync(`${fileOf(documentId)}.tmp`, { force: true });
    },
    read(documentId: string): Buffer {
      return open(masterKey, `kyc:${documentId}`, readFileSync(fileOf(documentId), 'utf8'));
    },
  };
}

export type KycStore = ReturnType<typeof kycStore>;

/** The photo of the account's latest approved KYC case: the one its card shows. */
export async function approvedPhoto(
  queryable: pg.Pool | pg.PoolClient,
  store: KycStore,
  accountId: string,
): Promise<Buffer | undefined> {
  const { rows } = await queryable.query<{ id: string }>(
    `SELECT d.id FROM kyc_documents d JOIN kyc_cases c ON c.id = d.case_id
     WHERE c.account_id = $1 AND c.state = 'approved' AND d.kind = 'photo' ORDER BY c.decided_at DESC, d.created_at DESC LIMIT 1`,
    [accountId],
  );
  const id = rows[0]?.id;
  return id === undefined ? undefined : store.read(id);
}
