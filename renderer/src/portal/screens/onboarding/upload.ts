/**
 * Sends one KYC document as the raw body (the cloud checks its type by its first bytes) with
 * XMLHttpRequest, whose upload events give a progress bar that fetch cannot on this browser
 * generation. The token is the session's current one, refreshed just before by a typed call.
 */
import { api } from '../../api/client.js';
import { currentSession } from '../../session.js';

export type DocumentKind = 'id_document' | 'photo' | 'proof_of_address';

/** A refusal in the cloud's words (its stable code), or a network failure ('NETWORK'). */
export class UploadError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export async function uploadDocument(
  caseId: string,
  kind: DocumentKind,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<void> {
  // A cheap typed read first: the client refreshes the access token if it is about to end.
  await api.GET('/v1/kyc/cases/mine').catch(() => undefined);
  const token = currentSession()?.accessToken;
  await new Promise<void>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', `/v1/kyc/cases/${caseId}/documents/${kind}`);
    if (token !== undefined) request.setRequestHeader('authorization', `Bearer ${token}`);
    request.setRequestHeader('content-type', file.type);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      if (request.status === 201) {
        onProgress(1);
        resolve();
        return;
      }
      let code = 'HTTP_ERROR';
      try {
        const body = JSON.parse(request.responseText) as { error?: { code?: string } };
        code = body.error?.code ?? code;
      } catch {
        // Not the cloud's error body (a proxy's page): the generic code.
      }
      reject(new UploadError(code));
    };
    request.onerror = () => reject(new UploadError('NETWORK'));
    request.ontimeout = () => reject(new UploadError('NETWORK'));
    // Five MiB at slow 3G's ~50 KB/s is under two minutes; more is a dead connection.
    request.timeout = 300_000;
    request.send(file);
  });
}
