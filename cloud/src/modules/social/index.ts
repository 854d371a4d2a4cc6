/**
 * Social (seed 7.2): share links with Open Graph cards (share-routes.ts) and social sign-in
 * through OpenID Connect providers (sign-in-routes.ts, link-routes.ts, identities-routes.ts),
 * each provider behind the `IdentityProvider` adapter (identity/oidc-relying-party.ts).
 *
 * The provider comes from the environment (identity/oidc-config.ts: OIDC_ISSUER…) when the
 * cloud runs as a process; tests pass theirs with `socialModuleWith`. No provider: the share
 * links still work and the provider list is empty.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { oidcSettingsFromEnv } from '../identity/oidc-config.js';
import { OidcIdentityProvider, type IdentityProvider } from '../identity/oidc-relying-party.js';
import { identitiesRoutes } from './identities-routes.js';
import { linkRoutes } from './link-routes.js';
import { shareRoutes } from './share-routes.js';
import { signInRoutes } from './sign-in-routes.js';

export interface SocialSettings {
  readonly providers: readonly IdentityProvider[];
  /** The portal's return page registered at the providers; default: <public URL>/social/callback. */
  readonly redirectUri?: string;
}

/** Only a cloud process (one with a parsed configuration) reads the environment; an app built in a test does not. */
function settingsFromEnv(options: ModuleOptions['cloud']): SocialSettings {
  if (options.config === undefined) return { providers: [] };
  const oidc = oidcSettingsFromEnv(process.env);
  return { providers: oidc === undefined ? [] : [new OidcIdentityProvider(oidc)] };
}

export function socialModuleWith(settings?: SocialSettings) {
  return fp<ModuleOptions>(
    async (app, { cloud: options }) => {
      const { providers, redirectUri } = settings ?? settingsFromEnv(options);
      const publicUrl = (options.notifications?.publicUrl ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
      const routeOptions = {
        db: options.db,
        keyring: app.platform.keyring,
        masterKey: options.masterKey,
        providers: new Map(providers.map((provider) => [provider.id, provider])),
        redirectUri: redirectUri ?? `${publicUrl}/social/callback`,
      };
      await app.register(shareRoutes(options.db, publicUrl));
      await app.register(signInRoutes(routeOptions));
      await app.register(linkRoutes(routeOptions));
      await app.register(identitiesRoutes(options.db));
    },
    { name: 'social', dependencies: ['identity'] },
  );
}

export const socialModule = socialModuleWith();
