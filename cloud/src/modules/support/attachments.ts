/**
 * A ticket's attachments are documents of the store (kind `ticket_attachment`), at most five of 5 MB each, and only the
 * writer's own: an id of someone else's document is refused like an unknown one (nothing about it is told).
 */
import { AppError } from '@ismail/shared';
import type { SupportContext } from './context.js';
import { attachmentMaxBytes, attachmentsMax } from './model.js';

export async function checkAttachments(
  context: SupportContext,
  ownerAccountId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  if (ids.length > attachmentsMax || new Set(ids).size !== ids.length)
    throw new AppError('VALIDATION_FAILED', 'Cinq pièces jointes au plus, chacune une seule fois.');
  for (const id of ids) {
    const document = await context.documents().store.describe(id);
    if (document === null || document.kind !== 'ticket_attachment' || document.ownerAccountId !== ownerAccountId)
      throw new AppError('NOT_FOUND', 'Pièce jointe introuvable : envoyez-la de nouveau.');
    if (document.sizeBytes > attachmentMaxBytes)
      throw new AppError('VALIDATION_FAILED', 'Une pièce jointe fait 5 Mo au plus.');
  }
}

/** The attachments as a viewer sees them: name and a signed link for that viewer only. */
export async function attachmentViews(
  context: SupportContext,
  viewerAccountId: string,
  ids: readonly string[],
): Promise<{ documentId: string; filename: string; url: string }[]> {
  const views: { documentId: string; filename: string; url: string }[] = [];
  for (const id of ids) {
    const document = await context.documents().store.describe(id);
    if (document === null) continue; // erased by its retention: the message stays, the file is gone
    views.push({
      documentId: id,
      filename: document.filename,
      url: context.documents().links.sign({ documentId: id, viewerAccountId }),
    });
  }
  return views;
}
