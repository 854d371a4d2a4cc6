/** The words the feeder's messages use for a payment provider and for what a debit was. */
export const providerLabels: Readonly<Record<string, string>> = {
  wave: 'Wave',
  momo: 'MTN MoMo',
  orange: 'Orange Money',
};
/** What a debit was, in the holder's words (the messages are French); never the ledger's own kind name. */
export const debitLabels: Readonly<Record<string, string>> = {
  transfer: 'transfert',
  consume: 'consommation',
  pay: 'paiement',
  hub_wallet_payment: 'achat en boutique',
  settle_sale: 'achat',
  hold: 'réservation',
  capture: 'réservation encaissée',
  withdrawal_request: 'demande de retrait',
  withdrawal_decision: 'retrait',
  repay_overdraft: "remboursement d'avance",
  expire_credits: 'crédits expirés',
};

/** Centi-credits as a message shows them: « 12,50 ». */
export function credits(centi: number): string {
  return `${String(Math.floor(centi / 100))},${String(centi % 100).padStart(2, '0')}`;
}
