/** Storing a lease's document (issue 25): its bytes as issued and their SHA-256, in the caller's transaction. */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { sha256Hex } from './document-pdf.js';

export async function insertDocument(
  client: pg.PoolClient,
  leaseId: string,
  kind: 'lease' | 'receipt' | 'deposit_return',
  fileName: string,
  pdf: Buffer,
  createdAt: Date,
): Promise<string> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO real_estate_documents (id, lease_id, kind, file_name, content, sha256, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, leaseId, kind, fileName, pdf, sha256Hex(pdf), createdAt],
  );
  return id;
}
