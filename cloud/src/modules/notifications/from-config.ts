/**
 * The notification channels a configuration enables, and the VAPID keys for web push
 * (generated once and kept, 0600, beside the other local secrets when not given).
 */
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import webpush from 'web-push';
import type { CloudConfig } from '../../config.js';
import type { MasterKey } from '../../platform/crypto/sealed.js';
import type { DeliveryChannel } from './channel.js';
import { emailChannel } from './email.js';
import { pushChannel, type ExtraPushService, type VapidConfig } from './push.js';
import type { QueuedChannel } from './service.js';
import { africasTalkingChannel } from './sms-africastalking.js';
import { orangeSmsChannel } from './sms-orange.js';

export function loadOrCreateVapid(config: CloudConfig, file: string): VapidConfig {
  if (config.VAPID_PUBLIC_KEY !== undefined && config.VAPID_PRIVATE_KEY !== undefined) {
    return { subject: config.VAPID_SUBJECT, publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY };
  }
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(webpush.generateVAPIDKeys()), { mode: 0o600, flag: 'wx' });
  }
  const keys = JSON.parse(readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
  return { subject: config.VAPID_SUBJECT, publicKey: keys.publicKey, privateKey: keys.privateKey };
}

/** The operator's extra push service (the simulator), only when ISMAIL_PUSH_TEST_SERVICE names one. */
function extraPushService(config: CloudConfig): { extraService?: ExtraPushService } {
  const origin = config.ISMAIL_PUSH_TEST_SERVICE;
  if (origin === undefined) return {};
  const caFile = config.ISMAIL_PUSH_TEST_SERVICE_CA;
  return { extraService: { origin, ...(caFile === undefined ? {} : { ca: () => readFileSync(caFile, 'utf8') }) } };
}

export function channelsFromConfig(
  config: CloudConfig,
  vapid: VapidConfig,
): Partial<Record<QueuedChannel, DeliveryChannel>> {
  const channels: Partial<Record<QueuedChannel, DeliveryChannel>> = {
    push: pushChannel(vapid, { ...extraPushService(config) }),
  };
  if (config.SMTP_URL !== undefined)
    channels.email = emailChannel({ smtpUrl: config.SMTP_URL, from: config.NOTIFY_EMAIL_FROM });
  if (
    config.SMS_PROVIDER === 'africastalking' &&
    config.AT_API_URL !== undefined &&
    config.AT_USERNAME !== undefined &&
    config.AT_API_KEY !== undefined
  ) {
    channels.sms = africasTalkingChannel({
      baseUrl: config.AT_API_URL.replace(/\/$/, ''),
      username: config.AT_USERNAME,
      apiKey: config.AT_API_KEY,
      senderId: config.SMS_SENDER_ID,
    });
  }
  if (
    config.SMS_PROVIDER === 'orange' &&
    config.ORANGE_SMS_API_URL !== undefined &&
    config.ORANGE_CLIENT_ID !== undefined &&
    config.ORANGE_CLIENT_SECRET !== undefined
  ) {
    channels.sms = orangeSmsChannel({
      baseUrl: config.ORANGE_SMS_API_URL.replace(/\/$/, ''),
      clientId: config.ORANGE_CLIENT_ID,
      clientSecret: config.ORANGE_CLIENT_SECRET,
      senderAddress: config.ORANGE_SENDER_ADDRESS,
      senderName: config.SMS_SENDER_ID,
    });
  }
  return channels;
}

/** Links in messages are signed with a key derived from the master key (never the key itself). */
export function notificationLinkKey(masterKey: MasterKey): Buffer {
  return createHmac('sha256', masterKey.bytes).update('ismail notification links v1').digest();
}
