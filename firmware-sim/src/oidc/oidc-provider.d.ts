/**
 * The few parts of oidc-provider 8 (which ships no types) that the simulator uses. Kept narrow on
 * purpose: anything else used from the library must be declared here first.
 */
declare module 'oidc-provider' {
  import type http from 'node:http';

  export interface KoaContextLike {
    readonly path: string;
    readonly method: string;
    body: unknown;
    readonly oidc: {
      readonly client?: { readonly clientId: string };
      readonly session: { readonly accountId?: string; grantIdFor(clientId: string): string | undefined };
      readonly result?: { readonly consent?: { readonly grantId?: string } };
      readonly provider: Provider;
    };
  }

  export interface AccountClaims {
    readonly sub: string;
    readonly [claim: string]: unknown;
  }

  export interface Account {
    readonly accountId: string;
    claims(): AccountClaims | Promise<AccountClaims>;
  }

  export interface GrantInstance {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export interface GrantClass {
    new (properties: { clientId: string; accountId: string }): GrantInstance;
    find(id: string): Promise<GrantInstance | undefined>;
  }

  export interface InteractionDetails {
    readonly uid: string;
    readonly prompt: { readonly name: string; readonly reasons: readonly string[] };
    readonly params: Readonly<Record<string, unknown>>;
    readonly session?: { readonly accountId?: string };
  }

  export interface Configuration {
    readonly clients: readonly Record<string, unknown>[];
    readonly jwks: { readonly keys: readonly Record<string, unknown>[] };
    readonly cookies: { readonly keys: readonly string[] };
    readonly claims: Readonly<Record<string, readonly string[]>>;
    readonly conformIdTokenClaims: boolean;
    readonly pkce: { readonly required: () => boolean };
    readonly features: Readonly<Record<string, { readonly enabled: boolean }>>;
    readonly interactions: { readonly url: (ctx: KoaContextLike, interaction: { uid: string }) => string };
    readonly findAccount: (ctx: KoaContextLike, id: string) => Promise<Account | undefined>;
    readonly loadExistingGrant: (ctx: KoaContextLike) => Promise<GrantInstance | undefined>;
    readonly ttl: Readonly<Record<string, number>>;
    readonly renderError?: (ctx: KoaContextLike, out: Record<string, unknown>, error: Error) => void;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly Grant: GrantClass;
    readonly issuer: string;
    callback(): (request: http.IncomingMessage, response: http.ServerResponse) => void;
    use(middleware: (ctx: KoaContextLike, next: () => Promise<void>) => Promise<void>): void;
    interactionDetails(request: http.IncomingMessage, response: http.ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      request: http.IncomingMessage,
      response: http.ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
