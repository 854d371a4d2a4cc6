/**
 * Identity: accounts and their hierarchy, sign-in and sessions (TOTP, offline codes),
 * profiles, and the administrators' identity tools (partner transfers, audit verification,
 * key rotation). Every other module stands on it.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { accountRoutes } from './accounts-routes.js';
import { adminRoutes } from './admin-routes.js';
import { authRoutes } from './auth-routes.js';
import { passwordResetRoutes } from './password-reset-routes.js';
import { profileRoutes } from './profiles-routes.js';
import { repOnboardingRoutes } from './rep-onboarding-routes.js';
import { teamRoutes } from './team-routes.js';

export const identityModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const { keyring } = app.platform;
    await app.register(profileRoutes);
    await app.register(authRoutes(options.db, keyring, options.masterKey));
    await app.register(accountRoutes(options.db));
    await app.register(adminRoutes(options.db, keyring));
    await app.register(teamRoutes(options.db));
    await app.register(
      passwordResetRoutes({ db: options.db, publicUrl: options.notifications?.publicUrl ?? 'http://127.0.0.1:8080' }),
    );
    await app.register(
      repOnboardingRoutes({
        db: options.db,
        store: app.platform.documents,
        masterKey: options.masterKey,
        sms: options.notifications?.channels.sms,
        biometrics: options.biometrics,
      }),
    );
  },
  { name: 'identity' },
);
