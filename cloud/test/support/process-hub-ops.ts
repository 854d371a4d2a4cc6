/**
 * The operations one hub pushes in the multi-process acceptance test, built as hub-sales.ts builds them but against
 * a cloud reached over HTTP (no app in this process): cash and wallet sales of garbas with their invoice, cash
 * top-ups, device alarms (queued for the partner's webhooks). A wallet payment carries the card credential the hub
 * verified, with the policy version and revocation list date the hub would have downloaded from the cloud.
 */
import { randomUUID } from 'node:crypto';
import {
  invoiceNumber,
  verifyHubPolicy,
  verifyRevocationList,
  type HubOperation,
  type InvoiceDraft,
  type JSONWebKeySet,
} from '@ismail/shared';
import { garbaCentiCredits, garbaXof, type Holder } from './hub-sales.js';
import { send, sendAsHub } from './plain-http.js';
import type { TestHub } from './test-hub.js';

const seller = {
  legalName: 'Maquis Chez Tantie',
  taxId: '1234567A',
  taxRegime: 'RNI',
  address: 'Cocody, Abidjan',
  country: 'CI',
};

export interface HubOps {
  sale(input: { quantity: number; payment: Record<string, unknown>; sequence: number }): HubOperation;
  topUp(payload: { accountId: string; amountXof: number }): HubOperation;
  alarm(kind: string): HubOperation;
  /** A wallet payment as the hub sends it for `quantity` garbas, offline-authorised with the card it scanned. */
  walletPayment(holder: Holder, quantity: number): Promise<Record<string, unknown>>;
}

export function hubOps(base: string, hub: TestHub, register: string, productId: string): HubOps {
  let seq = 0;
  const deviceId = randomUUID();
  const operation = (type: string, payload: Record<string, unknown>): HubOperation =>
    ({ id: randomUUID(), seq: ++seq, type, at: new Date().toISOString(), payload }) as HubOperation;

  const document = (quantity: number, method: string): InvoiceDraft => ({
    kind: 'invoice',
    currency: 'XOF',
    priceMode: 'tax_included',
    seller,
    buyer: { kind: 'B2C' },
    lines: [
      {
        sku: productId,
        label: 'Garba',
        quantityMilli: quantity * 1000,
        unitPriceXof: garbaXof,
        taxGroup: 'CI-TVA-9',
        discountXof: 0,
      },
    ],
    payments: [{ method: method === 'wallet' ? 'wallet' : 'cash', amountXof: quantity * garbaXof }],
  });

  const jwks = async (): Promise<JSONWebKeySet> => (await send(base, '/.well-known/jwks.json')).json<JSONWebKeySet>();

  return {
    sale({ quantity, payment, sequence }) {
      const issuedAt = new Date().toISOString();
      return operation('shop.sale', {
        saleId: `T-${randomUUID().slice(0, 8)}`,
        items: [{ productId, quantity }],
        invoice: {
          sequence,
          number: invoiceNumber('invoice', register, new Date(issuedAt).getUTCFullYear(), sequence),
          issuedAt,
          document: document(quantity, String(payment.method)),
        },
        payment,
      });
    },
    topUp: (payload) => operation('wallet.cash_top_up', payload),
    alarm: (kind) =>
      operation('iot.alarm', { deviceId, deviceName: 'Porte arrière', kind, at: new Date().toISOString() }),
    async walletPayment(holder, quantity) {
      const keys = await jwks();
      const policyAnswer = await sendAsHub(base, hub, '/v1/hubs/policy');
      if (policyAnswer.status !== 200) throw new Error(`hub policy: HTTP ${String(policyAnswer.status)}`);
      const policy = await verifyHubPolicy(policyAnswer.json<{ policy: string }>().policy, keys, hub.id);
      const { list } = (await send(base, '/v1/cards/revocations')).json<{ list: string }>();
      const version = (policy.offline as { version?: number }).version;
      return {
        method: 'wallet',
        ismailId: holder.ismailId,
        cardId: holder.cardId,
        credential: holder.token,
        amountCentiCredits: quantity * garbaCentiCredits,
        authorisation: 'offline',
        availableCentiCredits: 0,
        revocationListIat: (await verifyRevocationList(list, keys)).iat,
        ...(version === undefined ? {} : { policyVersion: version }),
      };
    },
  };
}
