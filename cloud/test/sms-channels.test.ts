// Proves the SMS adapters against the provider simulators over HTTP: Orange (OAuth token,
// outbound request from the country's sender address, the message id its receipts will
// name), the rate limit as a retryable error, refusals as final; Africa's Talking refusals.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderNotification } from '@ismail/shared';
import {
  startAfricasTalkingSimulator,
  startOrangeSmsSimulator,
  type AfricasTalkingSimulator,
  type OrangeSmsSimulator,
} from '@ismail/firmware-sim';
import { PermanentDeliveryError } from '../src/modules/notifications/channel.js';
import { africasTalkingChannel } from '../src/modules/notifications/sms-africastalking.js';
import { orangeSmsChannel } from '../src/modules/notifications/sms-orange.js';

const orange = { clientId: 'orange-client-0123456789', clientSecret: 'orange-secret-0123456789' };
const message = (to: string) => ({
  deliveryId: randomUUID(),
  to,
  rendered: renderNotification('account.activated', 'fr', { firstName: 'Aya', ismailId: 'CI261124-7K3M-CL' }),
});

describe('SMS adapters against the simulators', () => {
  let orangeSim: OrangeSmsSimulator;
  let atSim: AfricasTalkingSimulator;
  beforeAll(async () => {
    orangeSim = await startOrangeSmsSimulator({ port: 0, ...orange, maxPerSecond: 2 });
    atSim = await startAfricasTalkingSimulator({ port: 0, username: 'ismail', apiKey: 'at-key-0123456789' });
  });
  afterAll(async () => {
    await orangeSim.close();
    await atSim.close();
  });

  it('sends through Orange from the Côte d’Ivoire sender address, and treats its rate limit as retryable', async () => {
    const channel = orangeSmsChannel({
      baseUrl: orangeSim.url,
      ...orange,
      senderAddress: 'tel:+2250000',
      senderName: 'ISMAIL',
    });
    const sent = await channel.send(message('+2250701020304'));
    expect(sent).toMatchObject({ provider: 'orange', status: 'sent', smsParts: 1 });
    const stored = orangeSim.messages().find((m) => m.id === sent.providerMessageId);
    expect(stored).toMatchObject({
      address: 'tel:+2250701020304',
      senderAddress: 'tel:+2250000',
      senderName: 'ISMAIL',
      parts: 1,
    });
    // Beyond the bundle's rate: 429, which the queue retries (not a final refusal).
    const burst = await Promise.allSettled([1, 2, 3, 4].map(() => channel.send(message('+2250701020305'))));
    const limited = burst.filter((r) => r.status === 'rejected');
    expect(limited.length).toBeGreaterThanOrEqual(1);
    for (const r of limited) expect(r.reason).not.toBeInstanceOf(PermanentDeliveryError);
  });

  it('refuses for good on wrong Orange credentials and on an invalid number at Africa’s Talking', async () => {
    const wrong = orangeSmsChannel({
      baseUrl: orangeSim.url,
      clientId: orange.clientId,
      clientSecret: 'not-the-secret-000',
      senderAddress: 'tel:+2250000',
      senderName: 'ISMAIL',
    });
    await expect(wrong.send(message('+2250701020304'))).rejects.toBeInstanceOf(PermanentDeliveryError);
    const at = africasTalkingChannel({
      baseUrl: atSim.url,
      username: 'ismail',
      apiKey: 'at-key-0123456789',
      senderId: 'ISMAIL',
    });
    await expect(at.send(message('+2250701020309'))).rejects.toBeInstanceOf(PermanentDeliveryError);
    const badKey = africasTalkingChannel({
      baseUrl: atSim.url,
      username: 'ismail',
      apiKey: 'wrong-key-0000000',
      senderId: 'ISMAIL',
    });
    await expect(badKey.send(message('+2250701020304'))).rejects.toBeInstanceOf(PermanentDeliveryError);
    expect((await at.send(message('+2250701020304'))).providerMessageId).toMatch(/^ATXid_/);
  });
});
