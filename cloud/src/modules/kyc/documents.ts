/**
 * KYC document storage (SPEC 3.12): bytes are checked (declared type must match the
 * file's magic bytes, size bounded), sealed with AES-256-GCM under the master key (context
 * binds the ciphertext to its document id) and kept in a file store (a folder of the data directory on the embedded
 * database, the PostgreSQL server's `stored_files` in production mode, so every process reads it: issue 29.1).
 * Neither the database nor the disk holds a readable byte of a document.
 * A case holds at most `kycDocumentsPerCaseMax` documents and `kycCaseMaxBytes` bytes, and
 * takes none once submitted (routes/kyc.ts, under the case's row lock).
 */
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { open, seal, type MasterKey } from '../../platform/crypto/sealed.js';
import type { FileStore } from '../../platform/documents/file-store.js';

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

/** The largest sealed document: base64 of the largest plaintext, plus the sealing's nonce and tag. */
export const kycSealedMaxBytes = Math.ceil((kycDocumentMaxBytes + 64) / 3) * 4 + 1024;

export function kycStore(files: FileStore, masterKey: MasterKey) {
  const fileOf = (documentId: string): string => `${documentId}.sealed`;
  return {
    /** With the caller's client, a store in the database writes in its transaction. */
    async write(documentId: string, bytes: Buffer, client?: pg.PoolClient): Promise<void> {
      const sealed = Buffer.from(seal(masterKey, `kyc:${documentId}`, bytes), 'utf8');
      if (!(await files.create(fileOf(documentId), sealed, client)))
        throw new AppError('CONFLICT', `KYC document ${documentId} is already stored.`);
    },
    /** Removes a document whose record was not committed (a refused or failed upload). */
    async remove(documentId: string): Promise<void> {
      await files.remove(fileOf(documentId));
    },
    async read(documentId: string, client?: pg.Pool | pg.PoolClient): Promise<Buffer> {
      const sealed = await files.read(fileOf(documentId), client);
      if (sealed === null) throw new AppError('NOT_FOUND', `KYC document ${documentId} is not in the store.`);
      return open(masterKey, `kyc:${documentId}`, sealed.toString('utf8'));
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
  return id === undefined ? undefined : store.read(id, queryable);
}
