// Proves the Factures screen words an invoice's tax certification as the cloud's feed tells
// the hub (issue 19.7): provisional ("certification après synchronisation") only until the
// cloud has the invoice, then awaiting certification, then "Certifiée DGI · <reference>";
// in French and in English.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import fr from '../locales/fr.json';
import { clearanceText, type Invoice } from './Invoices.js';

const invoice = (change: Partial<Invoice>): Invoice => ({
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'invoice',
  number: 'F-H1234ABCD-2026-000001',
  issuedAt: '2026-03-01T10:00:00.000Z',
  saleId: 'V-1',
  document: { lines: [], payments: [], buyer: {} },
  totals: { netXof: 0, taxXof: 0, grossXof: 0 },
  provisional: true,
  synced: false,
  clearanceStatus: null,
  authorityReference: null,
  ...change,
});

async function translator(lng: 'fr' | 'en') {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { fr: { translation: fr }, en: { translation: en } },
    lng,
    interpolation: { escapeValue: false },
  });
  return instance.t;
}

describe('the Factures screen says where certification stands', () => {
  it('in French: provisional until the cloud has it, then awaiting, then certified with the reference', async () => {
    const t = await translator('fr');
    expect(clearanceText(invoice({}), t, true)).toContain('certification fiscale après synchronisation');
    expect(clearanceText(invoice({}), t, false)).toBe("En attente d'envoi");
    expect(clearanceText(invoice({ synced: true }), t, true)).toBe('En attente de certification');
    expect(clearanceText(invoice({ synced: true, clearanceStatus: 'pending' }), t, true)).toBe(
      'En attente de certification',
    );
    expect(clearanceText(invoice({ synced: true, clearanceStatus: 'uncertain' }), t, false)).toBe(
      'En attente de certification',
    );
    const certified = invoice({
      synced: true,
      provisional: false,
      clearanceStatus: 'certified',
      authorityReference: '9999999X26000000001',
    });
    expect(clearanceText(certified, t, true)).toBe('Certifiée DGI · 9999999X26000000001');
    expect(clearanceText(certified, t, false)).toBe('Certifiée DGI · 9999999X26000000001');
    expect(clearanceText(invoice({ synced: true, clearanceStatus: 'rejected' }), t, true)).toBe('Refusée par la DGI');
  });

  it('in English', async () => {
    const t = await translator('en');
    expect(clearanceText(invoice({ synced: true, clearanceStatus: 'pending' }), t, true)).toBe(
      'Awaiting certification',
    );
    expect(
      clearanceText(invoice({ synced: true, clearanceStatus: 'certified', authorityReference: 'REF-1' }), t, true),
    ).toBe('Certified by the DGI · REF-1');
    expect(clearanceText(invoice({}), t, true)).toBe('Numbered at the counter; tax certification after sync.');
  });
});
