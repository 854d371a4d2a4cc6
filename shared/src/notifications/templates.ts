/**
 * Notification texts, French first and English second (SPEC 3.17), one function per event
 * so the data each needs is checked by the compiler. A rendered message has every channel's
 * form: email subject, text and HTML; a short SMS; push and in-app title and body.
 *
 * Why functions rather than an i18n catalogue library: a dozen server-side templates with
 * typed data, where a missing field must fail the build, not print "{{ismailId}}".
 */
import { formatXof } from '../money/xof.js';
import type { NotificationEventData, NotificationEventType, NotificationLanguage } from './events.js';
import { debtEn, debtFr } from './debt-templates.js';
import { supportEn, supportFr } from './support-templates.js';
import { hubAlertEn, hubAlertFr } from './hub-alert-templates.js';
import { realEstateEn, realEstateFr } from './real-estate-templates.js';
import { servicesEn, servicesFr } from './services-templates.js';

export interface RenderedNotification {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly sms: string;
  readonly title: string;
  readonly body: string;
}

interface Copy {
  readonly subject: string;
  /** Paragraphs of the email; the first is the greeting. */
  readonly paragraphs: readonly string[];
  readonly sms: string;
  readonly title: string;
  readonly body: string;
}

type Templates = { readonly [T in NotificationEventType]: (data: NotificationEventData<T>) => Copy };

const fr: Templates = {
  'account.activated': (d) => ({
    subject: 'Votre compte ISMAIL est activé',
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Votre compte est activé. Votre numéro ISMAIL est ${d.ismailId} : gardez-le, il figure sur votre carte professionnelle.`,
      'Merci de votre confiance, à bientôt !',
    ],
    sms: `ISMAIL : votre compte est activé. Votre numéro ISMAIL est ${d.ismailId}.`,
    title: 'Compte activé',
    body: `Votre numéro ISMAIL est ${d.ismailId}.`,
  }),
  'account.password_reset': (d) => ({
    subject: 'Choisissez un nouveau mot de passe ISMAIL',
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Pour choisir un nouveau mot de passe, ouvrez ce lien dans les 30 minutes : ${d.resetUrl}`,
      "Le lien ne sert qu'une fois. Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.",
    ],
    sms: 'ISMAIL : un lien pour changer votre mot de passe vous a été envoyé par e-mail.',
    title: 'Mot de passe oublié',
    body: 'Un lien pour choisir un nouveau mot de passe a été envoyé par e-mail.',
  }),
  'card.issued': (d) => ({
    subject: 'Votre carte professionnelle ISMAIL est prête',
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Votre carte ${d.ismailId} est émise ; elle est valable jusqu'au ${d.expiresOn}.`,
    ],
    sms: `ISMAIL : votre carte ${d.ismailId} est prête (valable jusqu'au ${d.expiresOn}).`,
    title: 'Carte émise',
    body: `Carte ${d.ismailId}, valable jusqu'au ${d.expiresOn}.`,
  }),
  'card.renewed': (d) => ({
    subject: 'Votre carte professionnelle ISMAIL est renouvelée',
    paragraphs: [`Bonjour ${d.firstName},`, `Votre carte ${d.ismailId} est renouvelée jusqu'au ${d.expiresOn}.`],
    sms: `ISMAIL : carte ${d.ismailId} renouvelée jusqu'au ${d.expiresOn}.`,
    title: 'Carte renouvelée',
    body: `Valable jusqu'au ${d.expiresOn}.`,
  }),
  'card.suspended': (d) => ({
    subject: 'Votre carte professionnelle ISMAIL est suspendue',
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Votre carte ${d.ismailId} est suspendue. Motif : ${d.reason}.`,
      'Contactez votre agence pour la rétablir.',
    ],
    sms: `ISMAIL : votre carte ${d.ismailId} est suspendue. Motif : ${d.reason}.`,
    title: 'Carte suspendue',
    body: `Motif : ${d.reason}.`,
  }),
  'card.revoked': (d) => ({
    subject: 'Votre carte professionnelle ISMAIL est révoquée',
    paragraphs: [`Bonjour ${d.firstName},`, `Votre carte ${d.ismailId} est révoquée. Motif : ${d.reason}.`],
    sms: `ISMAIL : votre carte ${d.ismailId} est révoquée. Motif : ${d.reason}.`,
    title: 'Carte révoquée',
    body: `Motif : ${d.reason}.`,
  }),
  'wallet.credits_bought': (d) => ({
    subject: 'Crédits ajoutés à votre portefeuille',
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `${d.credits} crédits ont été ajoutés à votre portefeuille (${formatXof(d.amountXof)}, ${d.channel}).`,
    ],
    sms: `ISMAIL : ${d.credits} crédits ajoutés (${formatXof(d.amountXof)}, ${d.channel}).`,
    title: 'Crédits ajoutés',
    body: `${d.credits} crédits (${formatXof(d.amountXof)}).`,
  }),
  'wallet.debited_above_threshold': (d) => ({
    subject: 'Débit important sur votre portefeuille',
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `${d.credits} crédits ont été débités : ${d.what}.`,
      "Si ce n'est pas vous, contactez votre agence.",
    ],
    sms: `ISMAIL : ${d.credits} crédits débités (${d.what}). Pas vous ? Contactez votre agence.`,
    title: 'Débit important',
    body: `${d.credits} crédits : ${d.what}.`,
  }),
  'invoice.issued': (d) => ({
    subject: `Facture ${d.invoiceNumber}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Votre facture ${d.invoiceNumber} de ${formatXof(d.totalXof)} est disponible.`,
    ],
    sms: `ISMAIL : facture ${d.invoiceNumber} de ${formatXof(d.totalXof)} disponible.`,
    title: 'Nouvelle facture',
    body: `${d.invoiceNumber} : ${formatXof(d.totalXof)}.`,
  }),
  'invoice.certified': (d) => ({
    subject: `Facture ${d.invoiceNumber} certifiée`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Votre facture ${d.invoiceNumber} est certifiée. Vérification : ${d.verificationUrl}`,
    ],
    sms: `ISMAIL : facture ${d.invoiceNumber} certifiée.`,
    title: 'Facture certifiée',
    body: d.invoiceNumber,
  }),
  'marketing.announcement': (d) => ({
    subject: d.title,
    paragraphs: [`Bonjour ${d.firstName},`, d.body],
    sms: `ISMAIL : ${d.title}`,
    title: d.title,
    body: d.body,
  }),
  'shop.stock_low': (d) => ({
    subject: `Stock bas : ${d.productName}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Il reste ${String(d.quantity)} ${d.productName} (${d.place}). Pensez à réapprovisionner.`,
    ],
    sms: `ISMAIL : stock bas, ${d.productName} : ${String(d.quantity)}.`,
    title: 'Stock bas',
    body: `${d.productName} : ${String(d.quantity)}`,
  }),
  'shop.review_invitation': (d) => ({
    subject: `Votre avis sur ${d.productName}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Votre commande ${d.productName} est livrée. Qu'en pensez-vous ? Donnez votre avis : ${d.reviewUrl}`,
    ],
    sms: `ISMAIL : commande livrée. Votre avis : ${d.reviewUrl}`,
    title: 'Donnez votre avis',
    body: `${d.productName} est livré : notez-le.`,
  }),
  'booking.reminder': (d) => ({
    subject: `Votre séjour du ${d.checkIn}`,
    paragraphs: [`Bonjour ${d.firstName},`, `Nous vous attendons le ${d.checkIn} : ${d.unitName}, ${d.place}.`],
    sms: `ISMAIL : arrivée le ${d.checkIn}, ${d.unitName}, ${d.place}.`,
    title: 'Rappel de séjour',
    body: `${d.unitName}, ${d.checkIn}`,
  }),
  'device.alarm': (d) => ({
    subject: `Alarme : ${d.deviceName} (${d.place})`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `L'alarme « ${d.deviceName} » (${d.place}) signale : ${d.kind}, à ${d.at}.`,
    ],
    sms: `ISMAIL ALARME : ${d.deviceName}, ${d.place} : ${d.kind}.`,
    title: 'Alarme',
    body: `${d.deviceName} : ${d.kind}`,
  }),
  ...servicesFr,
  ...realEstateFr,
  ...debtFr,
  ...supportFr,
  ...hubAlertFr,
};

const en: Templates = {
  'account.activated': (d) => ({
    subject: 'Your ISMAIL account is active',
    paragraphs: [
      `Hello ${d.firstName},`,
      `Your account is active. Your ISMAIL number is ${d.ismailId}: keep it, it is on your professional card.`,
      'Thank you for your trust.',
    ],
    sms: `ISMAIL: your account is active. Your ISMAIL number is ${d.ismailId}.`,
    title: 'Account active',
    body: `Your ISMAIL number is ${d.ismailId}.`,
  }),
  'account.password_reset': (d) => ({
    subject: 'Choose a new ISMAIL password',
    paragraphs: [
      `Hello ${d.firstName},`,
      `To choose a new password, open this link within 30 minutes: ${d.resetUrl}`,
      'The link works once. If you did not ask for it, ignore this message: your password does not change.',
    ],
    sms: 'ISMAIL: a link to change your password was sent to you by e-mail.',
    title: 'Forgotten password',
    body: 'A link to choose a new password was sent by e-mail.',
  }),
  'card.issued': (d) => ({
    subject: 'Your ISMAIL professional card is ready',
    paragraphs: [`Hello ${d.firstName},`, `Your card ${d.ismailId} is issued; it is valid until ${d.expiresOn}.`],
    sms: `ISMAIL: your card ${d.ismailId} is ready (valid until ${d.expiresOn}).`,
    title: 'Card issued',
    body: `Card ${d.ismailId}, valid until ${d.expiresOn}.`,
  }),
  'card.renewed': (d) => ({
    subject: 'Your ISMAIL professional card is renewed',
    paragraphs: [`Hello ${d.firstName},`, `Your card ${d.ismailId} is renewed until ${d.expiresOn}.`],
    sms: `ISMAIL: card ${d.ismailId} renewed until ${d.expiresOn}.`,
    title: 'Card renewed',
    body: `Valid until ${d.expiresOn}.`,
  }),
  'card.suspended': (d) => ({
    subject: 'Your ISMAIL professional card is suspended',
    paragraphs: [
      `Hello ${d.firstName},`,
      `Your card ${d.ismailId} is suspended. Reason: ${d.reason}.`,
      'Contact your agency to reinstate it.',
    ],
    sms: `ISMAIL: your card ${d.ismailId} is suspended. Reason: ${d.reason}.`,
    title: 'Card suspended',
    body: `Reason: ${d.reason}.`,
  }),
  'card.revoked': (d) => ({
    subject: 'Your ISMAIL professional card is revoked',
    paragraphs: [`Hello ${d.firstName},`, `Your card ${d.ismailId} is revoked. Reason: ${d.reason}.`],
    sms: `ISMAIL: your card ${d.ismailId} is revoked. Reason: ${d.reason}.`,
    title: 'Card revoked',
    body: `Reason: ${d.reason}.`,
  }),
  'wallet.credits_bought': (d) => ({
    subject: 'Credits added to your wallet',
    paragraphs: [
      `Hello ${d.firstName},`,
      `${d.credits} credits were added to your wallet (${formatXof(d.amountXof)}, ${d.channel}).`,
    ],
    sms: `ISMAIL: ${d.credits} credits added (${formatXof(d.amountXof)}, ${d.channel}).`,
    title: 'Credits added',
    body: `${d.credits} credits (${formatXof(d.amountXof)}).`,
  }),
  'wallet.debited_above_threshold': (d) => ({
    subject: 'Large debit on your wallet',
    paragraphs: [
      `Hello ${d.firstName},`,
      `${d.credits} credits were debited: ${d.what}.`,
      'If this was not you, contact your agency.',
    ],
    sms: `ISMAIL: ${d.credits} credits debited (${d.what}). Not you? Contact your agency.`,
    title: 'Large debit',
    body: `${d.credits} credits: ${d.what}.`,
  }),
  'invoice.issued': (d) => ({
    subject: `Invoice ${d.invoiceNumber}`,
    paragraphs: [`Hello ${d.firstName},`, `Your invoice ${d.invoiceNumber} of ${formatXof(d.totalXof)} is available.`],
    sms: `ISMAIL: invoice ${d.invoiceNumber} of ${formatXof(d.totalXof)} available.`,
    title: 'New invoice',
    body: `${d.invoiceNumber}: ${formatXof(d.totalXof)}.`,
  }),
  'invoice.certified': (d) => ({
    subject: `Invoice ${d.invoiceNumber} certified`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `Your invoice ${d.invoiceNumber} is certified. Verify it: ${d.verificationUrl}`,
    ],
    sms: `ISMAIL: invoice ${d.invoiceNumber} certified.`,
    title: 'Invoice certified',
    body: d.invoiceNumber,
  }),
  'marketing.announcement': (d) => ({
    subject: d.title,
    paragraphs: [`Hello ${d.firstName},`, d.body],
    sms: `ISMAIL: ${d.title}`,
    title: d.title,
    body: d.body,
  }),
  'shop.stock_low': (d) => ({
    subject: `Low stock: ${d.productName}`,
    paragraphs: [`Hello ${d.firstName},`, `${String(d.quantity)} ${d.productName} left (${d.place}). Time to restock.`],
    sms: `ISMAIL: low stock, ${d.productName}: ${String(d.quantity)}.`,
    title: 'Low stock',
    body: `${d.productName}: ${String(d.quantity)}`,
  }),
  'shop.review_invitation': (d) => ({
    subject: `Your review of ${d.productName}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `Your order ${d.productName} was delivered. What do you think? Leave a review: ${d.reviewUrl}`,
    ],
    sms: `ISMAIL: order delivered. Your review: ${d.reviewUrl}`,
    title: 'Leave a review',
    body: `${d.productName} was delivered: rate it.`,
  }),
  'booking.reminder': (d) => ({
    subject: `Your stay on ${d.checkIn}`,
    paragraphs: [`Hello ${d.firstName},`, `We expect you on ${d.checkIn}: ${d.unitName}, ${d.place}.`],
    sms: `ISMAIL: arrival ${d.checkIn}, ${d.unitName}, ${d.place}.`,
    title: 'Stay reminder',
    body: `${d.unitName}, ${d.checkIn}`,
  }),
  'device.alarm': (d) => ({
    subject: `Alarm: ${d.deviceName} (${d.place})`,
    paragraphs: [`Hello ${d.firstName},`, `The alarm "${d.deviceName}" (${d.place}) reports: ${d.kind}, at ${d.at}.`],
    sms: `ISMAIL ALARM: ${d.deviceName}, ${d.place}: ${d.kind}.`,
    title: 'Alarm',
    body: `${d.deviceName}: ${d.kind}`,
  }),
  ...servicesEn,
  ...realEstateEn,
  ...debtEn,
  ...supportEn,
  ...hubAlertEn,
};

const catalogues: Readonly<Record<NotificationLanguage, Templates>> = { fr, en };

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export interface RenderOptions {
  /** Marketing messages carry an unsubscribe link (SPEC 3.11). */
  readonly unsubscribeUrl?: string | undefined;
}

export function renderNotification<T extends NotificationEventType>(
  type: T,
  language: NotificationLanguage,
  data: NotificationEventData<T>,
  options: RenderOptions = {},
): RenderedNotification {
  const template = catalogues[language][type];
  const copy = template(data);
  const footer =
    options.unsubscribeUrl === undefined
      ? []
      : [
          language === 'fr'
            ? `Pour ne plus recevoir ces messages : ${options.unsubscribeUrl}`
            : `To stop receiving these messages: ${options.unsubscribeUrl}`,
        ];
  const paragraphs = [...copy.paragraphs, ...footer];
  const html = `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(copy.subject)}</title></head><body>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</body></html>`;
  return {
    subject: copy.subject,
    text: `${paragraphs.join('\n\n')}\n`,
    html,
    sms: copy.sms,
    title: copy.title,
    body: copy.body,
  };
}
