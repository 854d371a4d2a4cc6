/** The Services module's notification texts (issue 24), French and English, kept apart from the platform's own. */
import { formatXof } from '../money/xof.js';
import type { NotificationEventData } from './events.js';

interface Copy {
  readonly subject: string;
  readonly paragraphs: readonly string[];
  readonly sms: string;
  readonly title: string;
  readonly body: string;
}

type ServicesEvent =
  | 'services.request_received'
  | 'services.quote_received'
  | 'services.appointment_booked'
  | 'services.appointment_reminder'
  | 'services.work_done'
  | 'services.release_soon'
  | 'services.payment_released'
  | 'services.appointment_cancelled'
  | 'services.dispute_update'
  | 'services.message_received';

type ServicesTemplates = { readonly [T in ServicesEvent]: (data: NotificationEventData<T>) => Copy };

export const servicesFr: ServicesTemplates = {
  'services.request_received': (d) => ({
    subject: `Nouvelle demande : ${d.title}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `${d.otherName} vous demande un devis : ${d.title}.`,
      `Répondre : ${d.link}`,
    ],
    sms: `ISMAIL : nouvelle demande de ${d.otherName} : ${d.title}. ${d.link}`,
    title: 'Nouvelle demande',
    body: `${d.otherName} : ${d.title}`,
  }),
  'services.quote_received': (d) => ({
    subject: `Devis reçu : ${d.title}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `${d.otherName} vous propose un devis de ${formatXof(d.amountXof)} pour « ${d.title} », valable jusqu'au ${d.validUntil}.`,
      `Voir le devis : ${d.link}`,
    ],
    sms: `ISMAIL : devis de ${d.otherName}, ${formatXof(d.amountXof)}. ${d.link}`,
    title: 'Devis reçu',
    body: `${d.otherName} : ${formatXof(d.amountXof)}`,
  }),
  'services.appointment_booked': (d) => ({
    subject: `Rendez-vous confirmé : ${d.startsAt}`,
    paragraphs: [`Bonjour ${d.firstName},`, `Rendez-vous avec ${d.otherName} le ${d.startsAt} : ${d.title}.`, d.link],
    sms: `ISMAIL : RDV ${d.startsAt} avec ${d.otherName}.`,
    title: 'Rendez-vous confirmé',
    body: `${d.otherName}, ${d.startsAt}`,
  }),
  'services.appointment_reminder': (d) => ({
    subject: `Rappel : rendez-vous le ${d.startsAt}`,
    paragraphs: [`Bonjour ${d.firstName},`, `Rappel : ${d.title} avec ${d.otherName}, le ${d.startsAt}.`, d.link],
    sms: `ISMAIL : rappel RDV ${d.startsAt} avec ${d.otherName}.`,
    title: 'Rappel de rendez-vous',
    body: `${d.otherName}, ${d.startsAt}`,
  }),
  'services.work_done': (d) => ({
    subject: `Travail terminé : ${d.title}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `${d.otherName} indique avoir terminé : ${d.title}.`,
      `Confirmez, ou ouvrez un litige. Sans réponse, le paiement sera versé le ${d.releaseOn}.`,
      d.link,
    ],
    sms: `ISMAIL : ${d.otherName} a terminé. Paiement versé le ${d.releaseOn} sauf litige.`,
    title: 'Travail terminé',
    body: `Paiement versé le ${d.releaseOn} sauf litige`,
  }),
  'services.release_soon': (d) => ({
    subject: `Paiement versé bientôt : ${d.title}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Le paiement de « ${d.title} » sera versé au prestataire le ${d.releaseOn}. Un problème ? Ouvrez un litige avant.`,
      d.link,
    ],
    sms: `ISMAIL : paiement versé le ${d.releaseOn} sauf litige. ${d.link}`,
    title: 'Paiement versé bientôt',
    body: `Le ${d.releaseOn}`,
  }),
  'services.payment_released': (d) => ({
    subject: `Paiement reçu : ${d.title}`,
    paragraphs: [`Bonjour ${d.firstName},`, `${formatXof(d.amountXof)} versés pour « ${d.title} ».`, d.link],
    sms: `ISMAIL : ${formatXof(d.amountXof)} reçus.`,
    title: 'Paiement reçu',
    body: formatXof(d.amountXof),
  }),
  'services.appointment_cancelled': (d) => ({
    subject: `Rendez-vous annulé : ${d.title}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Le rendez-vous « ${d.title} » est annulé. Remboursement au client : ${formatXof(d.refundXof)}.`,
      d.link,
    ],
    sms: `ISMAIL : RDV annulé, ${d.title}.`,
    title: 'Rendez-vous annulé',
    body: d.title,
  }),
  'services.dispute_update': (d) => ({
    subject: `Litige : ${d.title}`,
    paragraphs: [`Bonjour ${d.firstName},`, `Litige sur « ${d.title} » : ${d.status}`, d.link],
    sms: `ISMAIL : litige ${d.title} : ${d.status}`.slice(0, 300),
    title: 'Litige',
    body: d.status,
  }),
  'services.message_received': (d) => ({
    subject: `Message de ${d.otherName}`,
    paragraphs: [`Bonjour ${d.firstName},`, `${d.otherName} vous a écrit.`, d.link],
    sms: `ISMAIL : message de ${d.otherName}.`,
    title: 'Nouveau message',
    body: d.otherName,
  }),
};

export const servicesEn: ServicesTemplates = {
  'services.request_received': (d) => ({
    subject: `New request: ${d.title}`,
    paragraphs: [`Hello ${d.firstName},`, `${d.otherName} asks you for a quote: ${d.title}.`, `Answer: ${d.link}`],
    sms: `ISMAIL: new request from ${d.otherName}: ${d.title}. ${d.link}`,
    title: 'New request',
    body: `${d.otherName}: ${d.title}`,
  }),
  'services.quote_received': (d) => ({
    subject: `Quote received: ${d.title}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `${d.otherName} quotes ${formatXof(d.amountXof)} for "${d.title}", valid until ${d.validUntil}.`,
      `See the quote: ${d.link}`,
    ],
    sms: `ISMAIL: quote from ${d.otherName}, ${formatXof(d.amountXof)}. ${d.link}`,
    title: 'Quote received',
    body: `${d.otherName}: ${formatXof(d.amountXof)}`,
  }),
  'services.appointment_booked': (d) => ({
    subject: `Appointment confirmed: ${d.startsAt}`,
    paragraphs: [`Hello ${d.firstName},`, `Appointment with ${d.otherName} on ${d.startsAt}: ${d.title}.`, d.link],
    sms: `ISMAIL: appointment ${d.startsAt} with ${d.otherName}.`,
    title: 'Appointment confirmed',
    body: `${d.otherName}, ${d.startsAt}`,
  }),
  'services.appointment_reminder': (d) => ({
    subject: `Reminder: appointment on ${d.startsAt}`,
    paragraphs: [`Hello ${d.firstName},`, `Reminder: ${d.title} with ${d.otherName}, on ${d.startsAt}.`, d.link],
    sms: `ISMAIL: reminder, appointment ${d.startsAt} with ${d.otherName}.`,
    title: 'Appointment reminder',
    body: `${d.otherName}, ${d.startsAt}`,
  }),
  'services.work_done': (d) => ({
    subject: `Work done: ${d.title}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `${d.otherName} says the work is done: ${d.title}.`,
      `Confirm it, or open a dispute. Without an answer, the payment is released on ${d.releaseOn}.`,
      d.link,
    ],
    sms: `ISMAIL: ${d.otherName} finished. Payment released on ${d.releaseOn} unless disputed.`,
    title: 'Work done',
    body: `Payment released on ${d.releaseOn} unless disputed`,
  }),
  'services.release_soon': (d) => ({
    subject: `Payment released soon: ${d.title}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `The payment for "${d.title}" goes to the provider on ${d.releaseOn}. A problem? Open a dispute before then.`,
      d.link,
    ],
    sms: `ISMAIL: payment released on ${d.releaseOn} unless disputed. ${d.link}`,
    title: 'Payment released soon',
    body: `On ${d.releaseOn}`,
  }),
  'services.payment_released': (d) => ({
    subject: `Payment received: ${d.title}`,
    paragraphs: [`Hello ${d.firstName},`, `${formatXof(d.amountXof)} paid for "${d.title}".`, d.link],
    sms: `ISMAIL: ${formatXof(d.amountXof)} received.`,
    title: 'Payment received',
    body: formatXof(d.amountXof),
  }),
  'services.appointment_cancelled': (d) => ({
    subject: `Appointment cancelled: ${d.title}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `The appointment "${d.title}" is cancelled. Refund to the client: ${formatXof(d.refundXof)}.`,
      d.link,
    ],
    sms: `ISMAIL: appointment cancelled, ${d.title}.`,
    title: 'Appointment cancelled',
    body: d.title,
  }),
  'services.dispute_update': (d) => ({
    subject: `Dispute: ${d.title}`,
    paragraphs: [`Hello ${d.firstName},`, `Dispute about "${d.title}": ${d.status}`, d.link],
    sms: `ISMAIL: dispute ${d.title}: ${d.status}`.slice(0, 300),
    title: 'Dispute',
    body: d.status,
  }),
  'services.message_received': (d) => ({
    subject: `Message from ${d.otherName}`,
    paragraphs: [`Hello ${d.firstName},`, `${d.otherName} wrote to you.`, d.link],
    sms: `ISMAIL: message from ${d.otherName}.`,
    title: 'New message',
    body: d.otherName,
  }),
};
