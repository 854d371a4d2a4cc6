// Proves the notification texts: French by default with its accents, English, every event
// rendered on every channel, HTML escaped, an unsubscribe line on marketing messages.
import { describe, expect, it } from 'vitest';
import { notificationEventPolicies, notificationEventTypes } from './events.js';
import { smsLength } from './sms-segments.js';
import { renderNotification } from './templates.js';

describe('notification templates', () => {
  it('renders the activation in French with the ISMAIL ID and accents', () => {
    const message = renderNotification('account.activated', 'fr', { firstName: 'Aïcha', ismailId: 'CI261124-7K3M-CL' });
    expect(message.subject).toBe('Votre compte ISMAIL est activé');
    expect(message.text).toContain('Bonjour Aïcha,');
    expect(message.text).toContain('CI261124-7K3M-CL');
    expect(message.html).toContain('<html lang="fr">');
    expect(message.sms).toContain('CI261124-7K3M-CL');
    // The activation SMS stays in one GSM-7 message: é and à are in the GSM alphabet.
    expect(smsLength(message.sms)).toMatchObject({ encoding: 'GSM-7', parts: 1 });
  });

  it('renders every event in both languages on every channel, escaping HTML', () => {
    const sample = {
      firstName: '<b>Kofi</b>',
      ismailId: 'CI261124-7K3M-CL',
      expiresOn: '2029-11-24',
      reason: 'fraude & vol',
      credits: '200,00',
      amountXof: 10_000,
      channel: 'Wave',
      what: 'achat',
      invoiceNumber: 'F-2026-000001',
      totalXof: 12_500,
      verificationUrl: 'https://verify.example/x',
      title: 'Promo',
      body: 'Texte',
      productName: 'Savon',
      place: 'online',
      quantity: 2,
      unitName: 'Chambre 12',
      checkIn: '2026-12-24',
      otherName: 'Plomberie Koffi',
      link: 'https://portail.example/services/rendez-vous/1',
      startsAt: '12/01/2027 10:00',
      validUntil: '19/01/2027',
      releaseOn: '15/01/2027',
      refundXof: 17_500,
      status: 'décision : remboursement de 40 %',
      creditorName: 'Agence Riviera',
      message: 'Agence Riviera : 125 000 FCFA restent dus (loyer de novembre).',
      debtorName: 'Yao Konan',
      label: 'Loyer de novembre',
      leftXof: 62_500,
      promisedOn: '2026-12-15',
      outcome: 'créance maintenue',
      dueOn: '2026-12-20',
      prescriptionOn: '2031-11-05',
      payerName: 'Yao Konan',
      reference: 'R-2026-000123',
      subject: 'Commande jamais livrée',
      expectedBy: 'lundi 7 décembre à 17 h',
      excerpt: 'Le livreur passe demain matin.',
      level: 'Administrateur',
      hubName: 'Caisse 1',
      kind: 'outbox_stale',
      detail: '42 min',
    };
    for (const type of notificationEventTypes) {
      for (const language of ['fr', 'en'] as const) {
        const message = renderNotification(type, language, sample as never);
        for (const part of [message.subject, message.text, message.sms, message.title, message.body])
          expect(part.length, `${type} ${language}`).toBeGreaterThan(0);
        expect(message.html).not.toContain('<b>Kofi</b>');
        expect(message.html).toContain('&lt;b&gt;Kofi&lt;/b&gt;');
      }
      expect(notificationEventPolicies[type].channels.length).toBeGreaterThan(0);
    }
  });

  it('adds the unsubscribe link to marketing messages', () => {
    const message = renderNotification(
      'marketing.announcement',
      'fr',
      { firstName: 'Awa', title: 'Nouveautés', body: 'Découvrez la boutique.' },
      { unsubscribeUrl: 'https://ismail.ci/u/abc' },
    );
    expect(message.text).toContain('Pour ne plus recevoir ces messages : https://ismail.ci/u/abc');
    expect(notificationEventPolicies['marketing.announcement'].category).toBe('marketing');
  });
});
