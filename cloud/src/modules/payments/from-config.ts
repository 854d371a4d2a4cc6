/** The providers a configuration enables: each needs all of its variables, or none is used. */
import type { CloudConfig } from '../../config.js';
import { MomoProvider } from './momo.js';
import { OrangeMoneyProvider } from './orange.js';
import type { Providers } from './top-ups.js';
import { WaveProvider } from './wave.js';

export function providersFromConfig(config: CloudConfig, publicUrl: string): Providers {
  const providers: Providers = {};
  if (
    config.WAVE_API_URL !== undefined &&
    config.WAVE_API_KEY !== undefined &&
    config.WAVE_SIGNING_SECRET !== undefined
  ) {
    providers.wave = new WaveProvider({
      baseUrl: config.WAVE_API_URL.replace(/\/$/, ''),
      apiKey: config.WAVE_API_KEY,
      signingSecret: config.WAVE_SIGNING_SECRET,
      successUrl: `${publicUrl}/v1/payments/wave/return?outcome=success`,
      errorUrl: `${publicUrl}/v1/payments/wave/return?outcome=error`,
    });
  }
  if (
    config.MOMO_API_URL !== undefined &&
    config.MOMO_SUBSCRIPTION_KEY !== undefined &&
    config.MOMO_API_USER !== undefined &&
    config.MOMO_API_KEY !== undefined
  ) {
    providers.momo = new MomoProvider({
      baseUrl: config.MOMO_API_URL.replace(/\/$/, ''),
      subscriptionKey: config.MOMO_SUBSCRIPTION_KEY,
      apiUser: config.MOMO_API_USER,
      apiKey: config.MOMO_API_KEY,
      targetEnvironment: config.MOMO_TARGET_ENVIRONMENT,
      callbackBaseUrl: `${publicUrl}/v1/payments/momo/callback`,
    });
  }
  if (
    config.ORANGE_MONEY_API_URL !== undefined &&
    config.ORANGE_MONEY_CLIENT_ID !== undefined &&
    config.ORANGE_MONEY_CLIENT_SECRET !== undefined &&
    config.ORANGE_MONEY_MERCHANT_KEY !== undefined
  ) {
    providers.orange = new OrangeMoneyProvider({
      baseUrl: config.ORANGE_MONEY_API_URL.replace(/\/$/, ''),
      clientId: config.ORANGE_MONEY_CLIENT_ID,
      clientSecret: config.ORANGE_MONEY_CLIENT_SECRET,
      merchantKey: config.ORANGE_MONEY_MERCHANT_KEY,
      country: config.ORANGE_MONEY_COUNTRY,
      returnUrl: `${publicUrl}/v1/payments/orange/return?outcome=success`,
      cancelUrl: `${publicUrl}/v1/payments/orange/return?outcome=cancel`,
      notifBaseUrl: `${publicUrl}/v1/payments/orange/notification`,
    });
  }
  return providers;
}
