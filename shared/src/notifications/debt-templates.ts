/** The Debt collection module's notification texts (issue 26), French and English. */
import { formatXof } from '../money/xof.js';
import type { NotificationEventData } from './events.js';

interface Copy {
  readonly subject: string;
  readonly paragraphs: readonly string[];
  readonly sms: string;
  readonly title: string;
  readonly body: string;
}

type DebtEvent =
  | 'debt.reminder_sms'
  | 'debt.reminder_email'
  | 'debt.reminder_push'
  | 'debt.payment_received'
  | 'debt.file_paid'
  | 'debt.promise_broken'
  | 'debt.plan_broken'
  | 'debt.dispute_opened'
  | 'debt.dispute_resolved'
  | 'debt.task_assigned'
  | 'debt.prescription_warning'
  | 'debt.legal_handoff'
  | 'debt.payment_to_match';

type DebtTemplates = { readonly [T in DebtEvent]: (data: NotificationEventData<T>) => Copy };

export const debtFr: DebtTemplates = {
  // The creditor's own words, already filled: the message is the reminder.
  'debt.reminder_sms': (d) => ({
    subject: `Rappel de ${d.creditorName}`,
    paragraphs: [`Bonjour ${d.firstName},`, d.message],
    sms: d.message,
    title: `Rappel de ${d.creditorName}`,
    body: d.message,
  }),
  'debt.reminder_email': (d) => ({
    subject: `Rappel de paiement : ${formatXof(d.totalXof)} dus à ${d.creditorName}`,
    paragraphs: [`Bonjour ${d.firstName},`, d.message, d.link],
    sms: d.message,
    title: `Rappel de ${d.creditorName}`,
    body: d.message,
  }),
  'debt.reminder_push': (d) => ({
    subject: `Rappel de ${d.creditorName}`,
    paragraphs: [`Bonjour ${d.firstName},`, d.message],
    sms: d.message,
    title: `Rappel de ${d.creditorName}`,
    body: d.message,
  }),
  'debt.payment_received': (d) => ({
    subject: `Paiement reçu : ${formatXof(d.amountXof)} de ${d.debtorName}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `${d.debtorName} a payé ${formatXof(d.amountXof)} sur « ${d.label} ». Reste dû : ${formatXof(d.leftXof)}.`,
      d.link,
    ],
    sms: `ISMAIL : ${d.debtorName} a payé ${formatXof(d.amountXof)}, reste ${formatXof(d.leftXof)}.`,
    title: 'Paiement reçu',
    body: `${d.debtorName} : ${formatXof(d.amountXof)}, reste ${formatXof(d.leftXof)}`,
  }),
  'debt.file_paid': (d) => ({
    subject: `Dossier soldé : ${d.label}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Le dossier « ${d.label} » de ${d.debtorName} est entièrement payé.`,
      d.link,
    ],
    sms: `ISMAIL : dossier soldé, ${d.debtorName}.`,
    title: 'Dossier soldé',
    body: `${d.debtorName} : ${d.label}`,
  }),
  'debt.promise_broken': (d) => ({
    subject: `Promesse non tenue : ${d.debtorName}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `${d.debtorName} n’a pas payé le ${d.promisedOn} comme promis (« ${d.label} ») : les relances reprennent.`,
      d.link,
    ],
    sms: `ISMAIL : promesse non tenue, ${d.debtorName}.`,
    title: 'Promesse non tenue',
    body: `${d.debtorName} : ${d.label}`,
  }),
  'debt.plan_broken': (d) => ({
    subject: `Échéancier rompu : ${d.debtorName}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Une échéance du plan de ${d.debtorName} (« ${d.label} ») n’a pas été payée : les relances reprennent.`,
      d.link,
    ],
    sms: `ISMAIL : échéancier rompu, ${d.debtorName}.`,
    title: 'Échéancier rompu',
    body: `${d.debtorName} : ${d.label}`,
  }),
  'debt.dispute_opened': (d) => ({
    subject: `Contestation : ${d.label}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `${d.debtorName} conteste « ${d.label} » : ${d.reason}`,
      'Les relances sont suspendues jusqu’à votre réponse.',
      d.link,
    ],
    sms: `ISMAIL : ${d.debtorName} conteste ${d.label}.`,
    title: 'Contestation',
    body: `${d.debtorName} : ${d.label}`,
  }),
  'debt.dispute_resolved': (d) => ({
    subject: `Contestation traitée : ${d.label}`,
    paragraphs: [`Bonjour ${d.firstName},`, `${d.creditorName} a traité votre contestation : ${d.outcome}`, d.link],
    sms: `ISMAIL : contestation traitée par ${d.creditorName}.`,
    title: 'Contestation traitée',
    body: d.outcome,
  }),
  'debt.task_assigned': (d) => ({
    subject: `À faire avant le ${d.dueOn} : ${d.debtorName}`,
    paragraphs: [`Bonjour ${d.firstName},`, d.what, d.link],
    sms: `ISMAIL : à faire, ${d.debtorName}.`,
    title: 'Tâche de recouvrement',
    body: d.what,
  }),
  'debt.prescription_warning': (d) => ({
    subject: `Prescription le ${d.prescriptionOn} : ${d.label}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `La créance « ${d.label} » sur ${d.debtorName} sera prescrite le ${d.prescriptionOn} (5 ans, AUDCG art. 16). Seule une action en justice interrompt ce délai.`,
      d.link,
    ],
    sms: `ISMAIL : créance bientôt prescrite, ${d.debtorName}.`,
    title: 'Prescription proche',
    body: `${d.debtorName} : ${d.prescriptionOn}`,
  }),
  'debt.legal_handoff': (d) => ({
    subject: `Au contentieux : ${d.label}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Le dossier « ${d.label} » de ${d.debtorName} (reste ${formatXof(d.leftXof)}) passe au contentieux : les relances automatiques s’arrêtent.`,
      d.link,
    ],
    sms: `ISMAIL : ${d.debtorName} au contentieux.`,
    title: 'Passage au contentieux',
    body: `${d.debtorName} : ${formatXof(d.leftXof)}`,
  }),
  'debt.payment_to_match': (d) => ({
    subject: `Paiement à rapprocher : ${formatXof(d.amountXof)} de ${d.payerName}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `${d.payerName} vous a payé ${formatXof(d.amountXof)} sans indiquer de dossier. Confirmez le rapprochement proposé.`,
      d.link,
    ],
    sms: `ISMAIL : paiement à rapprocher, ${formatXof(d.amountXof)}.`,
    title: 'Paiement à rapprocher',
    body: `${d.payerName} : ${formatXof(d.amountXof)}`,
  }),
};

export const debtEn: DebtTemplates = {
  'debt.reminder_sms': (d) => ({
    subject: `Reminder from ${d.creditorName}`,
    paragraphs: [`Hello ${d.firstName},`, d.message],
    sms: d.message,
    title: `Reminder from ${d.creditorName}`,
    body: d.message,
  }),
  'debt.reminder_email': (d) => ({
    subject: `Payment reminder: ${formatXof(d.totalXof)} due to ${d.creditorName}`,
    paragraphs: [`Hello ${d.firstName},`, d.message, d.link],
    sms: d.message,
    title: `Reminder from ${d.creditorName}`,
    body: d.message,
  }),
  'debt.reminder_push': (d) => ({
    subject: `Reminder from ${d.creditorName}`,
    paragraphs: [`Hello ${d.firstName},`, d.message],
    sms: d.message,
    title: `Reminder from ${d.creditorName}`,
    body: d.message,
  }),
  'debt.payment_received': (d) => ({
    subject: `Payment received: ${formatXof(d.amountXof)} from ${d.debtorName}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `${d.debtorName} paid ${formatXof(d.amountXof)} on "${d.label}". Still due: ${formatXof(d.leftXof)}.`,
      d.link,
    ],
    sms: `ISMAIL: ${d.debtorName} paid ${formatXof(d.amountXof)}, ${formatXof(d.leftXof)} left.`,
    title: 'Payment received',
    body: `${d.debtorName}: ${formatXof(d.amountXof)}, ${formatXof(d.leftXof)} left`,
  }),
  'debt.file_paid': (d) => ({
    subject: `File settled: ${d.label}`,
    paragraphs: [`Hello ${d.firstName},`, `${d.debtorName}'s file "${d.label}" is paid in full.`, d.link],
    sms: `ISMAIL: file settled, ${d.debtorName}.`,
    title: 'File settled',
    body: `${d.debtorName}: ${d.label}`,
  }),
  'debt.promise_broken': (d) => ({
    subject: `Promise not kept: ${d.debtorName}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `${d.debtorName} did not pay on ${d.promisedOn} as promised ("${d.label}"): reminders resume.`,
      d.link,
    ],
    sms: `ISMAIL: promise not kept, ${d.debtorName}.`,
    title: 'Promise not kept',
    body: `${d.debtorName}: ${d.label}`,
  }),
  'debt.plan_broken': (d) => ({
    subject: `Payment plan broken: ${d.debtorName}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `An instalment of ${d.debtorName}'s plan ("${d.label}") was not paid: reminders resume.`,
      d.link,
    ],
    sms: `ISMAIL: payment plan broken, ${d.debtorName}.`,
    title: 'Payment plan broken',
    body: `${d.debtorName}: ${d.label}`,
  }),
  'debt.dispute_opened': (d) => ({
    subject: `Dispute: ${d.label}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `${d.debtorName} disputes "${d.label}": ${d.reason}`,
      'Reminders are paused until you answer.',
      d.link,
    ],
    sms: `ISMAIL: ${d.debtorName} disputes ${d.label}.`,
    title: 'Dispute',
    body: `${d.debtorName}: ${d.label}`,
  }),
  'debt.dispute_resolved': (d) => ({
    subject: `Dispute answered: ${d.label}`,
    paragraphs: [`Hello ${d.firstName},`, `${d.creditorName} answered your dispute: ${d.outcome}`, d.link],
    sms: `ISMAIL: dispute answered by ${d.creditorName}.`,
    title: 'Dispute answered',
    body: d.outcome,
  }),
  'debt.task_assigned': (d) => ({
    subject: `To do by ${d.dueOn}: ${d.debtorName}`,
    paragraphs: [`Hello ${d.firstName},`, d.what, d.link],
    sms: `ISMAIL: to do, ${d.debtorName}.`,
    title: 'Collection task',
    body: d.what,
  }),
  'debt.prescription_warning': (d) => ({
    subject: `Time-barred on ${d.prescriptionOn}: ${d.label}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `The claim "${d.label}" on ${d.debtorName} becomes time-barred on ${d.prescriptionOn} (5 years, AUDCG art. 16). Only legal action interrupts it.`,
      d.link,
    ],
    sms: `ISMAIL: claim soon time-barred, ${d.debtorName}.`,
    title: 'Time bar approaching',
    body: `${d.debtorName}: ${d.prescriptionOn}`,
  }),
  'debt.legal_handoff': (d) => ({
    subject: `Handed to legal: ${d.label}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `${d.debtorName}'s file "${d.label}" (${formatXof(d.leftXof)} left) goes to legal: automatic reminders stop.`,
      d.link,
    ],
    sms: `ISMAIL: ${d.debtorName} handed to legal.`,
    title: 'Handed to legal',
    body: `${d.debtorName}: ${formatXof(d.leftXof)}`,
  }),
  'debt.payment_to_match': (d) => ({
    subject: `Payment to match: ${formatXof(d.amountXof)} from ${d.payerName}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `${d.payerName} paid you ${formatXof(d.amountXof)} without naming a file. Confirm the suggested match.`,
      d.link,
    ],
    sms: `ISMAIL: payment to match, ${formatXof(d.amountXof)}.`,
    title: 'Payment to match',
    body: `${d.payerName}: ${formatXof(d.amountXof)}`,
  }),
};
