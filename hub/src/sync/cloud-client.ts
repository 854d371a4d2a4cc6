/**
 * The hub's one way to call its cloud (issue 20.2): every request carries the hub's token and
 * is signed with the hub's Ed25519 key (method, path with query, body digest, time, nonce; the
 * profile in shared/http/hub-request-signature.ts). Push, policy, shape feeds, balances,
 * photos and staff sign-in all go through here; nothing else on the hub sends the token.
 *
 * The cloud refuses a signature dated outside its window, so the hub keeps an estimate of the
 * cloud's clock from each answer's Date header, and a request refused as expired is signed
 * again once with the corrected time (a hub whose clock drifted for days still syncs).
 *
 * Never: send the token without a signature; retry anything but a refusal for the time (the
 * cloud did nothing with it); log the headers.
 */
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { hubRequestSignatureHeaders, type HubRequestSigner } from '@ismail/shared';
import type { HubCredentials } from './credentials.js';

export interface CloudRequest {
  readonly method?: 'GET' | 'POST';
  /** JSON text (sent with content-type application/json). */
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

export interface SigningSource {
  load(): HubCredentials | null;
  /** The hub's private key (made at pairing); null when there is none. */
  signingKey(): KeyObject | null;
}

/** A clock difference below this is the Date header's one-second grain, not drift. */
const clockJitterMs = 2_000;

export class CloudClient {
  /** Cloud time minus hub time, learnt from answers. */
  private offsetMs = 0;

  constructor(private readonly source: SigningSource) {}

  /** The cloud's time as this hub best knows it. */
  cloudNowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Sends one signed request to the cloud; throws when the hub is not paired or the cloud is unreachable. */
  async request(pathWithQuery: string, init: CloudRequest = {}): Promise<Response> {
    const credentials = this.source.load();
    const key = this.source.signingKey();
    if (credentials === null || key === null) throw new Error('not paired');
    const url = new URL(`${credentials.cloudUrl.replace(/\/$/, '')}${pathWithQuery}`);
    return this.signedFetch(
      credentials,
      key,
      url,
      init.method ?? 'GET',
      init.body === undefined ? undefined : Buffer.from(init.body, 'utf8'),
      {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      init.signal,
    );
  }

  /** A fetch for the Electric client (`fetchClient`): the same signing, for whatever URL on the cloud it builds. */
  readonly fetch: typeof fetch = async (input, init) => {
    const credentials = this.source.load();
    const key = this.source.signingKey();
    if (credentials === null || key === null) throw new Error('not paired');
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== new URL(credentials.cloudUrl).origin)
      throw new Error('the hub signs requests to its own cloud only');
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    return this.signedFetch(
      credentials,
      key,
      url,
      request.method,
      body,
      Object.fromEntries(request.headers),
      request.signal,
    );
  };

  private async signedFetch(
    credentials: HubCredentials,
    key: KeyObject,
    url: URL,
    method: string,
    body: Buffer | undefined,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    const signer: HubRequestSigner = {
      hubId: credentials.hubId,
      sha256Base64: (bytes) => createHash('sha256').update(bytes).digest('base64'),
      signBase64: (base) => sign(null, Buffer.from(base, 'utf8'), key).toString('base64'),
      nonce: () => randomBytes(18).toString('base64url'),
    };
    const send = async (): Promise<Response> => {
      const signed = hubRequestSignatureHeaders(signer, {
        method,
        pathWithQuery: `${url.pathname}${url.search}`,
        body,
        nowS: this.cloudNowMs() / 1000,
      });
      const response = await fetch(url, {
        method,
        headers: { ...headers, authorization: `Hub ${credentials.token}`, ...signed },
        ...(body === undefined ? {} : { body }),
        ...(signal === undefined ? {} : { signal }),
      });
      this.learnClock(response);
      return response;
    };
    const response = await send();
    if (response.status !== 401) return response;
    const code = (
      (await response
        .clone()
        .json()
        .catch(() => null)) as { error?: { code?: string } } | null
    )?.error?.code;
    // Refused for the time alone: the clock was corrected from this answer; one more try.
    return code === 'HUB_SIGNATURE_EXPIRED' ? send() : response;
  }

  private learnClock(response: Response): void {
    const date = Date.parse(response.headers.get('date') ?? '');
    if (Number.isNaN(date)) return;
    // The header has whole seconds: the cloud's time is, on average, half a second past it.
    const offset = date + 500 - Date.now();
    if (Math.abs(offset - this.offsetMs) > clockJitterMs) this.offsetMs = offset;
  }
}
