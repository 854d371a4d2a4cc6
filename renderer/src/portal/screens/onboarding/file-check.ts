/**
 * What the phone says about a chosen file before any byte leaves it: an accepted type (the
 * cloud's list; the selfie must be an image), a size within the cloud's limit, and for an image
 * the dark and blur hints with a small preview.
 */
import { inspectImage, type ImageQuality } from './image-check.js';
import type { DocumentKind } from './upload.js';

export type FileVerdict =
  | { readonly ok: false; readonly problem: 'badType' | 'photoOnly' | 'tooLarge' }
  | { readonly ok: true; readonly quality: ImageQuality | null; readonly previewUrl: string | null };

export async function checkFile(
  file: File,
  kind: DocumentKind,
  limits: { readonly documentMaxBytes: number; readonly contentTypes: readonly string[] },
): Promise<FileVerdict> {
  if (!limits.contentTypes.includes(file.type)) return { ok: false, problem: 'badType' };
  if (kind === 'photo' && !file.type.startsWith('image/')) return { ok: false, problem: 'photoOnly' };
  if (file.size === 0 || file.size > limits.documentMaxBytes) return { ok: false, problem: 'tooLarge' };
  if (!file.type.startsWith('image/')) return { ok: true, quality: null, previewUrl: null };
  const inspected = await inspectImage(file);
  return { ok: true, quality: inspected?.quality ?? null, previewUrl: inspected?.previewUrl ?? null };
}
