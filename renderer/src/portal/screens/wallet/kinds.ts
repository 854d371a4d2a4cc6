/** Which operation kinds (the ledger's) each history filter shows. */
import type { HistoryKind } from '../../routes/wallet.js';

const kinds: Record<HistoryKind, readonly string[]> = {
  topUp: ['buy_credits_cash', 'buy_credits_mobile_money', 'bonus'],
  transfer: ['transfer'],
  purchase: ['pay', 'consume', 'hub_wallet_payment', 'settle_sale', 'refund_sale'],
  hold: ['hold', 'capture', 'release', 'release_sale_hold'],
  withdrawal: ['withdrawal_request', 'withdrawal_decision'],
};

export const kindsOf = (kind: HistoryKind): readonly string[] => kinds[kind];
