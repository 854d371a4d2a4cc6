/**
 * Issue 27's screens' calls through the portal's one client (its bearer token and refresh), typed by the generated
 * cloud-api.d.ts: `must` hands back openapi-fetch's data or throws the refusal with the cloud's code and French
 * sentence. The file downloads (a signed link's content, a statement's report) take a path the caller composes, so
 * the client is seen as taking any path there; it still goes through the same middleware.
 */
import { api, ApiError } from '../../api/client.js';

/** A refusal with the cloud's own sentence kept (ApiError keeps the code only). */
export class CloudRefusal extends ApiError {
  constructor(
    code: string,
    status: number,
    readonly said: string | null,
  ) {
    super(code, status);
  }
}

export function refusal(error: unknown, status: number): CloudRefusal {
  const body = (error as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return new CloudRefusal(
    typeof body?.code === 'string' ? body.code : 'HTTP_ERROR',
    status,
    typeof body?.message === 'string' ? body.message : null,
  );
}

interface Init {
  params?: { query?: Record<string, string> | undefined };
  parseAs: 'blob';
}
type Answer = { data?: unknown; error?: unknown; response: Response };
type Call = (path: string, init?: Init) => Promise<Answer>;

const loose = api as unknown as { GET: Call };

/** openapi-fetch's answer as its data, or the cloud's refusal thrown. */
export function must<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (!answer.response.ok || answer.data === undefined) throw refusal(answer.error, answer.response.status);
  return answer.data;
}

/** An answer with no body (204): only whether it was accepted. */
export function done(answer: { error?: unknown; response: Response }): void {
  if (!answer.response.ok) throw refusal(answer.error, answer.response.status);
}

/** A fresh key per user action: a 3G retry of the same request is answered once (the cloud's Idempotency-Key). */
export const idempotent = (): { 'idempotency-key': string } => ({ 'idempotency-key': crypto.randomUUID() });

const dataUrlOf = (blob: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(blob);
  });

/**
 * A file fetched with the bearer token (the cloud's downloads need the session) and kept as a data: address to save:
 * the portal's policy allows no blob:.
 */
export async function fetchFile(
  path: string,
  query?: Record<string, string>,
): Promise<{ readonly url: string; readonly fileName: string | null }> {
  const answer = await loose.GET(path, { params: { query }, parseAs: 'blob' });
  if (!answer.response.ok || !(answer.data instanceof Blob)) throw refusal(answer.error, answer.response.status);
  return {
    url: await dataUrlOf(answer.data),
    fileName: fileNameOf(answer.response.headers.get('content-disposition')),
  };
}

/** The name the cloud gave (`filename*=UTF-8''…`, else `filename="…"`), or null. */
export function fileNameOf(disposition: string | null): string | null {
  if (disposition === null) return null;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded !== undefined) {
    try {
      return decodeURIComponent(encoded.trim());
    } catch {
      return null;
    }
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
}

/** Hands a fetched file to the browser's downloads (an anchor with `download`, clicked once). */
export function save(dataUrl: string, fileName: string): void {
  const anchor = document.createElement('a');
  anchor.href = dataUrl;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}
