/** Notification texts of support tickets, long exports and personal-data requests (issue 27), French and English. */
import type { NotificationEventData } from './events.js';

interface Copy {
  readonly subject: string;
  readonly paragraphs: readonly string[];
  readonly sms: string;
  readonly title: string;
  readonly body: string;
}

type SupportEvent =
  | 'support.ticket_opened'
  | 'support.ticket_reply'
  | 'support.ticket_assigned'
  | 'support.ticket_escalated'
  | 'support.ticket_closed'
  | 'export.ready'
  | 'privacy.request_update';

type SupportTemplates = { readonly [T in SupportEvent]: (data: NotificationEventData<T>) => Copy };

export const supportFr: SupportTemplates = {
  'support.ticket_opened': (d) => ({
    subject: `Réclamation ${d.reference} reçue : ${d.subject}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Nous avons bien reçu votre réclamation ${d.reference} (« ${d.subject} »). Réponse attendue au plus tard ${d.expectedBy}.`,
      `Vous pouvez répondre à cet e-mail : votre réponse rejoint la même conversation. Suivi : ${d.link}`,
    ],
    sms: `ISMAIL : réclamation ${d.reference} reçue, réponse au plus tard ${d.expectedBy}.`,
    title: `Réclamation ${d.reference} reçue`,
    body: `Réponse attendue au plus tard ${d.expectedBy}.`,
  }),
  'support.ticket_reply': (d) => ({
    subject: `Réponse à la réclamation ${d.reference} : ${d.subject}`,
    paragraphs: [`Bonjour ${d.firstName},`, `Nouvelle réponse : « ${d.excerpt} »`, `Lire et répondre : ${d.link}`],
    sms: `ISMAIL : nouvelle réponse à la réclamation ${d.reference}.`,
    title: `Réponse à ${d.reference}`,
    body: d.excerpt,
  }),
  'support.ticket_assigned': (d) => ({
    subject: `Réclamation ${d.reference} à traiter : ${d.subject}`,
    paragraphs: [`Bonjour ${d.firstName},`, `La réclamation ${d.reference} (« ${d.subject} ») vous concerne.`, d.link],
    sms: `ISMAIL : réclamation ${d.reference} à traiter.`,
    title: `Réclamation ${d.reference} à traiter`,
    body: d.subject,
  }),
  'support.ticket_escalated': (d) => ({
    subject: `Délai dépassé : réclamation ${d.reference} escaladée (${d.level})`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `La réclamation ${d.reference} (« ${d.subject} ») n'a pas été traitée dans son délai (${d.expectedBy}). Elle vous est confiée (${d.level}).`,
      d.link,
    ],
    sms: `ISMAIL : réclamation ${d.reference} escaladée (${d.level}), délai dépassé.`,
    title: `Réclamation ${d.reference} escaladée`,
    body: `Délai dépassé (${d.expectedBy}).`,
  }),
  'support.ticket_closed': (d) => ({
    subject: `Réclamation ${d.reference} close : ${d.subject}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Votre réclamation ${d.reference} est close. Dites-nous si vous êtes satisfait : ${d.link}`,
      'Si le problème persiste, répondez simplement : la réclamation sera rouverte.',
    ],
    sms: `ISMAIL : réclamation ${d.reference} close.`,
    title: `Réclamation ${d.reference} close`,
    body: 'Donnez votre avis sur la réponse.',
  }),
  'export.ready': (d) => ({
    subject: `Votre fichier est prêt : ${d.what}`,
    paragraphs: [`Bonjour ${d.firstName},`, `Votre fichier « ${d.what} » est prêt. Téléchargez-le depuis : ${d.link}`],
    sms: `ISMAIL : votre fichier « ${d.what} » est prêt.`,
    title: 'Fichier prêt',
    body: d.what,
  }),
  'privacy.request_update': (d) => ({
    subject: `Vos données personnelles : ${d.what}`,
    paragraphs: [`Bonjour ${d.firstName},`, `${d.what} : ${d.status}`, d.link],
    sms: `ISMAIL : ${d.what} : ${d.status}`,
    title: d.what,
    body: d.status,
  }),
};

export const supportEn: SupportTemplates = {
  'support.ticket_opened': (d) => ({
    subject: `Claim ${d.reference} received: ${d.subject}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `We received your claim ${d.reference} ("${d.subject}"). Expect an answer by ${d.expectedBy}.`,
      `You can reply to this e-mail: your answer joins the same conversation. Follow it: ${d.link}`,
    ],
    sms: `ISMAIL: claim ${d.reference} received, answer by ${d.expectedBy}.`,
    title: `Claim ${d.reference} received`,
    body: `Expect an answer by ${d.expectedBy}.`,
  }),
  'support.ticket_reply': (d) => ({
    subject: `Reply to claim ${d.reference}: ${d.subject}`,
    paragraphs: [`Hello ${d.firstName},`, `New reply: "${d.excerpt}"`, `Read and answer: ${d.link}`],
    sms: `ISMAIL: new reply to claim ${d.reference}.`,
    title: `Reply to ${d.reference}`,
    body: d.excerpt,
  }),
  'support.ticket_assigned': (d) => ({
    subject: `Claim ${d.reference} to handle: ${d.subject}`,
    paragraphs: [`Hello ${d.firstName},`, `Claim ${d.reference} ("${d.subject}") concerns you.`, d.link],
    sms: `ISMAIL: claim ${d.reference} to handle.`,
    title: `Claim ${d.reference} to handle`,
    body: d.subject,
  }),
  'support.ticket_escalated': (d) => ({
    subject: `Deadline missed: claim ${d.reference} escalated (${d.level})`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `Claim ${d.reference} ("${d.subject}") was not handled in time (${d.expectedBy}). It is now yours (${d.level}).`,
      d.link,
    ],
    sms: `ISMAIL: claim ${d.reference} escalated (${d.level}), deadline missed.`,
    title: `Claim ${d.reference} escalated`,
    body: `Deadline missed (${d.expectedBy}).`,
  }),
  'support.ticket_closed': (d) => ({
    subject: `Claim ${d.reference} closed: ${d.subject}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `Your claim ${d.reference} is closed. Tell us if you are satisfied: ${d.link}`,
      'If the problem remains, just reply: the claim will be reopened.',
    ],
    sms: `ISMAIL: claim ${d.reference} closed.`,
    title: `Claim ${d.reference} closed`,
    body: 'Rate the answer.',
  }),
  'export.ready': (d) => ({
    subject: `Your file is ready: ${d.what}`,
    paragraphs: [`Hello ${d.firstName},`, `Your file "${d.what}" is ready. Download it from: ${d.link}`],
    sms: `ISMAIL: your file "${d.what}" is ready.`,
    title: 'File ready',
    body: d.what,
  }),
  'privacy.request_update': (d) => ({
    subject: `Your personal data: ${d.what}`,
    paragraphs: [`Hello ${d.firstName},`, `${d.what}: ${d.status}`, d.link],
    sms: `ISMAIL: ${d.what}: ${d.status}`,
    title: d.what,
    body: d.status,
  }),
};
