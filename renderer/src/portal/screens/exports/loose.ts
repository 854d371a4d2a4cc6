/**
 * Calls to issue 27's routes (reports, export jobs, documents, bank reconciliation) through the portal's one client
 * (its bearer token and refresh). Those routes are being written while these screens are: until they are in the
 * generated cloud-api.d.ts, the client is seen as taking any path here and each answer is typed by the contract
 * (API-issue-27.md) in the screens' own types.ts. A refusal keeps the cloud's code and its French sentence.
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
  params?: { path?: Record<string, string>; query?: Record<string, string | undefined> | undefined };
  body?: unknown;
  headers?: Record<string, string>;
  parseAs?: 'json' | 'blob' | 'text';
}
type Answer = { data?: unknown; error?: unknown; response: Response };
type Call = (path: string, init?: Init) => Promise<Answer>;

const loose = api as unknown as { GET: Call; POST: Call; PUT: Call; DELETE: Call };

async function call<T>(method: keyof typeof loose, path: string, init?: Init): Promise<T> {
  const answer = await loose[method](path, init);
  if (!answer.response.ok) throw refusal(answer.error, answer.response.status);
  return answer.data as T;
}

export const cloud = {
  get: <T>(path: string, init?: Init) => call<T>('GET', path, init),
  post: <T>(path: string, init?: Init) => call<T>('POST', path, init),
  put: <T>(path: string, init?: Init) => call<T>('PUT', path, init),
  delete: (path: string, init?: Init) => call<unknown>('DELETE', path, init),
};

/** A fresh key per user action: a 3G retry of the same request is answered once (the cloud's Idempotency-Key). */
export const idempotent = (): Record<string, string> => ({ 'Idempotency-Key': crypto.randomUUID() });

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
