/**
 * Notification event types (SPEC 3.11): what each carries, whether it is transactional (always allowed) or marketing
 * (only with recorded consent), and the channels it goes out on by default. Users narrow the channels per event type in
 * their preferences; they cannot add a channel an event does not use. Business modules add their events here.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { hubAlertEventPolicies, hubAlertEventSchemas } from './hub-alert-templates.js';

export const notificationChannels = ['email', 'sms', 'push', 'in_app'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];
export const notificationLanguages = ['fr', 'en'] as const;
export type NotificationLanguage = (typeof notificationLanguages)[number];
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const notificationEventSchemas = {
  'account.activated': Type.Object({ firstName: Text(100), ismailId: Text(40) }),
  // The link carries a one-time token: it goes by e-mail only, and no title or body repeats it.
  'account.password_reset': Type.Object({ firstName: Text(100), resetUrl: Text(500) }),
  'card.issued': Type.Object({ firstName: Text(100), ismailId: Text(40), expiresOn: Text(10) }),
  'card.renewed': Type.Object({ firstName: Text(100), ismailId: Text(40), expiresOn: Text(10) }),
  'card.suspended': Type.Object({ firstName: Text(100), ismailId: Text(40), reason: Text(500) }),
  'card.revoked': Type.Object({ firstName: Text(100), ismailId: Text(40), reason: Text(500) }),
  'wallet.credits_bought': Type.Object({
    firstName: Text(100),
    credits: Text(30),
    amountXof: Type.Integer({ minimum: 0 }),
    channel: Text(40),
  }),
  'wallet.debited_above_threshold': Type.Object({ firstName: Text(100), credits: Text(30), what: Text(200) }),
  'invoice.issued': Type.Object({
    firstName: Text(100),
    invoiceNumber: Text(60),
    totalXof: Type.Integer({ minimum: 0 }),
  }),
  'invoice.certified': Type.Object({ firstName: Text(100), invoiceNumber: Text(60), verificationUrl: Text(500) }),
  'marketing.announcement': Type.Object({ firstName: Text(100), title: Text(120), body: Text(1000) }),
  'shop.stock_low': Type.Object({
    firstName: Text(100),
    productName: Text(200),
    place: Text(70),
    quantity: Type.Integer(),
  }),
  'booking.reminder': Type.Object({ firstName: Text(100), unitName: Text(200), place: Text(100), checkIn: Text(10) }),
  // The link opens the portal's review screen of the delivered order.
  'shop.review_invitation': Type.Object({ firstName: Text(100), productName: Text(200), reviewUrl: Text(500) }),
  'device.alarm': Type.Object({
    firstName: Text(100),
    deviceName: Text(80),
    place: Text(100),
    kind: Text(40),
    at: Text(40),
  }),
  // Services (issue 24): each step of a request, its appointment and its payment held in escrow. `link` opens the
  // portal's page of the request or appointment; `title` is the job ("Fuite sous l'évier").
  'services.request_received': Type.Object({
    firstName: Text(100),
    otherName: Text(120),
    title: Text(200),
    link: Text(500),
  }),
  'services.quote_received': Type.Object({
    firstName: Text(100),
    otherName: Text(120),
    title: Text(200),
    amountXof: Type.Integer({ minimum: 0 }),
    validUntil: Text(40),
    link: Text(500),
  }),
  'services.appointment_booked': Type.Object({
    firstName: Text(100),
    otherName: Text(120),
    title: Text(200),
    startsAt: Text(40),
    link: Text(500),
  }),
  'services.appointment_reminder': Type.Object({
    firstName: Text(100),
    otherName: Text(120),
    title: Text(200),
    startsAt: Text(40),
    link: Text(500),
  }),
  'services.work_done': Type.Object({
    firstName: Text(100),
    otherName: Text(120),
    title: Text(200),
    releaseOn: Text(40),
    link: Text(500),
  }),
  'services.release_soon': Type.Object({
    firstName: Text(100),
    title: Text(200),
    releaseOn: Text(40),
    link: Text(500),
  }),
  'services.payment_released': Type.Object({
    firstName: Text(100),
    title: Text(200),
    amountXof: Type.Integer({ minimum: 0 }),
    link: Text(500),
  }),
  'services.appointment_cancelled': Type.Object({
    firstName: Text(100),
    title: Text(200),
    refundXof: Type.Integer({ minimum: 0 }),
    link: Text(500),
  }),
  'services.dispute_update': Type.Object({
    firstName: Text(100),
    title: Text(200),
    status: Text(300),
    link: Text(500),
  }),
  'services.message_received': Type.Object({ firstName: Text(100), otherName: Text(120), link: Text(500) }),
  // Real estate (issue 25): a listing's life, visits, the lease and its rent. `title` is the listing's title,
  // `link` opens its page in the portal; dates are already formatted for the reader (Abidjan time).
  'real_estate.listing_published': Type.Object({ firstName: Text(100), title: Text(120), link: Text(500) }),
  'real_estate.listing_expiring': Type.Object({
    firstName: Text(100),
    title: Text(120),
    expiresOn: Text(40),
    link: Text(500),
  }),
  'real_estate.listing_held': Type.Object({
    firstName: Text(100),
    title: Text(120),
    reason: Text(500),
    link: Text(500),
  }),
  'real_estate.availability_check': Type.Object({ firstName: Text(100), title: Text(120), link: Text(500) }),
  'real_estate.search_alert': Type.Object({
    firstName: Text(100),
    searchName: Text(80),
    count: Type.Integer({ minimum: 1 }),
    link: Text(500),
  }),
  'real_estate.visit_requested': Type.Object({
    firstName: Text(100),
    otherName: Text(120),
    title: Text(120),
    startsAt: Text(40),
    link: Text(500),
  }),
  'real_estate.visit_confirmed': Type.Object({
    firstName: Text(100),
    otherName: Text(120),
    title: Text(120),
    startsAt: Text(40),
    link: Text(500),
  }),
  'real_estate.visit_cancelled': Type.Object({
    firstName: Text(100),
    otherName: Text(120),
    title: Text(120),
    startsAt: Text(40),
    link: Text(500),
  }),
  'real_estate.visit_reminder': Type.Object({
    firstName: Text(100),
    otherName: Text(120),
    title: Text(120),
    startsAt: Text(40),
    link: Text(500),
  }),
  'real_estate.lease_to_sign': Type.Object({
    firstName: Text(100),
    otherName: Text(120),
    title: Text(120),
    link: Text(500),
  }),
  'real_estate.lease_signed': Type.Object({ firstName: Text(100), title: Text(120), link: Text(500) }),
  'real_estate.rent_due': Type.Object({
    firstName: Text(100),
    title: Text(120),
    amountXof: Type.Integer({ minimum: 1 }),
    dueOn: Text(40),
    link: Text(500),
  }),
  'real_estate.rent_paid': Type.Object({
    firstName: Text(100),
    otherName: Text(120),
    title: Text(120),
    amountXof: Type.Integer({ minimum: 1 }),
    period: Text(20),
    link: Text(500),
  }),
  'real_estate.rent_late': Type.Object({
    firstName: Text(100),
    otherName: Text(120),
    title: Text(120),
    amountXof: Type.Integer({ minimum: 1 }),
    period: Text(20),
    link: Text(500),
  }),
  // Debt collection (issue 26). A reminder goes on the one channel its scenario step chose: one event per channel, so
  // a debtor's preferences (and "stop") act per channel. `message` is the creditor's step text, already filled with
  // the consolidated figures of every open file of that debtor.
  'debt.reminder_sms': Type.Object({
    firstName: Text(100),
    creditorName: Text(120),
    message: Text(800),
    link: Text(500),
  }),
  'debt.reminder_email': Type.Object({
    firstName: Text(100),
    creditorName: Text(120),
    message: Text(800),
    totalXof: Type.Integer({ minimum: 0 }),
    link: Text(500),
  }),
  'debt.reminder_push': Type.Object({
    firstName: Text(100),
    creditorName: Text(120),
    message: Text(800),
    link: Text(500),
  }),
  'debt.payment_received': Type.Object({
    firstName: Text(100),
    debtorName: Text(160),
    label: Text(200),
    amountXof: Type.Integer({ minimum: 1 }),
    leftXof: Type.Integer({ minimum: 0 }),
    link: Text(500),
  }),
  'debt.file_paid': Type.Object({ firstName: Text(100), debtorName: Text(160), label: Text(200), link: Text(500) }),
  'debt.promise_broken': Type.Object({
    firstName: Text(100),
    debtorName: Text(160),
    label: Text(200),
    promisedOn: Text(10),
    link: Text(500),
  }),
  'debt.plan_broken': Type.Object({ firstName: Text(100), debtorName: Text(160), label: Text(200), link: Text(500) }),
  'debt.dispute_opened': Type.Object({
    firstName: Text(100),
    debtorName: Text(160),
    label: Text(200),
    reason: Text(1000),
    link: Text(500),
  }),
  'debt.dispute_resolved': Type.Object({
    firstName: Text(100),
    creditorName: Text(120),
    label: Text(200),
    outcome: Text(500),
    link: Text(500),
  }),
  'debt.task_assigned': Type.Object({
    firstName: Text(100),
    debtorName: Text(160),
    what: Text(600),
    dueOn: Text(10),
    link: Text(500),
  }),
  'debt.prescription_warning': Type.Object({
    firstName: Text(100),
    debtorName: Text(160),
    label: Text(200),
    prescriptionOn: Text(10),
    link: Text(500),
  }),
  'debt.legal_handoff': Type.Object({
    firstName: Text(100),
    debtorName: Text(160),
    label: Text(200),
    leftXof: Type.Integer({ minimum: 0 }),
    link: Text(500),
  }),
  'debt.payment_to_match': Type.Object({
    firstName: Text(100),
    payerName: Text(160),
    amountXof: Type.Integer({ minimum: 1 }),
    link: Text(500),
  }),
  // Support tickets (issue 27). `reference` is the ticket's human number (« R-2026-000123 »); `expectedBy` the SLA's
  // deadline as the person reads it (« lundi 7 décembre à 17 h »); `excerpt` the first words of a reply.
  'support.ticket_opened': Type.Object({
    firstName: Text(100),
    reference: Text(40),
    subject: Text(200),
    expectedBy: Text(80),
    link: Text(500),
  }),
  'support.ticket_reply': Type.Object({
    firstName: Text(100),
    reference: Text(40),
    subject: Text(200),
    excerpt: Text(300),
    link: Text(500),
  }),
  'support.ticket_assigned': Type.Object({
    firstName: Text(100),
    reference: Text(40),
    subject: Text(200),
    link: Text(500),
  }),
  'support.ticket_escalated': Type.Object({
    firstName: Text(100),
    reference: Text(40),
    subject: Text(200),
    level: Text(40),
    expectedBy: Text(80),
    link: Text(500),
  }),
  'support.ticket_closed': Type.Object({
    firstName: Text(100),
    reference: Text(40),
    subject: Text(200),
    link: Text(500),
  }),
  // A long export (a report, a person's data ZIP) is ready: the link opens the portal's page for it (no file in mail).
  'export.ready': Type.Object({ firstName: Text(100), what: Text(200), link: Text(500) }),
  // A rectification or erasure request moved (received, done, refused with its reason).
  'privacy.request_update': Type.Object({ firstName: Text(100), what: Text(200), status: Text(300), link: Text(500) }),
  ...hubAlertEventSchemas,
} satisfies Record<string, TSchema>;

export type NotificationEventType = keyof typeof notificationEventSchemas;
export type NotificationEventData<T extends NotificationEventType> = Static<(typeof notificationEventSchemas)[T]>;
export const notificationEventTypes = Object.keys(notificationEventSchemas) as NotificationEventType[];

export interface NotificationEventPolicy {
  readonly category: 'transactional' | 'marketing';
  readonly channels: readonly NotificationChannel[];
}

export const notificationEventPolicies: Readonly<Record<NotificationEventType, NotificationEventPolicy>> = {
  'account.activated': { category: 'transactional', channels: ['email', 'sms', 'in_app'] },
  // A password reset link is a secret for the mailbox's owner: never by SMS, push or in-app.
  'account.password_reset': { category: 'transactional', channels: ['email'] },
  'card.issued': { category: 'transactional', channels: ['email', 'in_app'] },
  'card.renewed': { category: 'transactional', channels: ['email', 'in_app'] },
  // A card that stops working must reach its holder even if they do not read email.
  'card.suspended': { category: 'transactional', channels: ['email', 'sms', 'in_app'] },
  'card.revoked': { category: 'transactional', channels: ['email', 'sms', 'in_app'] },
  'wallet.credits_bought': { category: 'transactional', channels: ['sms', 'push', 'in_app'] },
  'wallet.debited_above_threshold': { category: 'transactional', channels: ['sms', 'push', 'in_app'] },
  'invoice.issued': { category: 'transactional', channels: ['email', 'in_app'] },
  'invoice.certified': { category: 'transactional', channels: ['email', 'in_app'] },
  'marketing.announcement': { category: 'marketing', channels: ['email', 'push', 'in_app'] },
  'shop.stock_low': { category: 'transactional', channels: ['email', 'in_app'] },
  // A guest may not read email on the road: the reminder goes by SMS too.
  'booking.reminder': { category: 'transactional', channels: ['email', 'sms', 'in_app'] },
  // About the buyer's own delivered order: no SMS (it costs and is not urgent).
  'shop.review_invitation': { category: 'transactional', channels: ['email', 'push', 'in_app'] },
  // An alarm must reach the manager at once, wherever they are.
  'device.alarm': { category: 'transactional', channels: ['sms', 'push', 'in_app'] },
  // Services: what needs the other side soon goes by SMS too; the rest stays off the paid channel.
  'services.request_received': { category: 'transactional', channels: ['sms', 'push', 'in_app'] },
  'services.quote_received': { category: 'transactional', channels: ['email', 'push', 'in_app'] },
  'services.appointment_booked': { category: 'transactional', channels: ['email', 'sms', 'in_app'] },
  'services.appointment_reminder': { category: 'transactional', channels: ['sms', 'push', 'in_app'] },
  'services.work_done': { category: 'transactional', channels: ['email', 'push', 'in_app'] },
  'services.release_soon': { category: 'transactional', channels: ['sms', 'push', 'in_app'] },
  'services.payment_released': { category: 'transactional', channels: ['email', 'in_app'] },
  'services.appointment_cancelled': { category: 'transactional', channels: ['email', 'sms', 'in_app'] },
  'services.dispute_update': { category: 'transactional', channels: ['email', 'sms', 'in_app'] },
  'services.message_received': { category: 'transactional', channels: ['push', 'in_app'] },
  // Real estate: a visit and a rent need the person soon (SMS); the rest stays off the paid channel.
  'real_estate.listing_published': { category: 'transactional', channels: ['email', 'in_app'] },
  'real_estate.listing_expiring': { category: 'transactional', channels: ['email', 'push', 'in_app'] },
  'real_estate.listing_held': { category: 'transactional', channels: ['email', 'in_app'] },
  'real_estate.availability_check': { category: 'transactional', channels: ['email', 'push', 'in_app'] },
  'real_estate.search_alert': { category: 'transactional', channels: ['email', 'push', 'in_app'] },
  'real_estate.visit_requested': { category: 'transactional', channels: ['sms', 'push', 'in_app'] },
  'real_estate.visit_confirmed': { category: 'transactional', channels: ['email', 'sms', 'in_app'] },
  'real_estate.visit_cancelled': { category: 'transactional', channels: ['email', 'sms', 'in_app'] },
  'real_estate.visit_reminder': { category: 'transactional', channels: ['sms', 'push', 'in_app'] },
  'real_estate.lease_to_sign': { category: 'transactional', channels: ['email', 'push', 'in_app'] },
  'real_estate.lease_signed': { category: 'transactional', channels: ['email', 'in_app'] },
  'real_estate.rent_due': { category: 'transactional', channels: ['sms', 'push', 'in_app'] },
  'real_estate.rent_paid': { category: 'transactional', channels: ['email', 'in_app'] },
  'real_estate.rent_late': { category: 'transactional', channels: ['email', 'sms', 'in_app'] },
  'debt.reminder_sms': { category: 'transactional', channels: ['sms'] },
  'debt.reminder_email': { category: 'transactional', channels: ['email'] },
  'debt.reminder_push': { category: 'transactional', channels: ['push', 'in_app'] },
  'debt.payment_received': { category: 'transactional', channels: ['email', 'push', 'in_app'] },
  'debt.file_paid': { category: 'transactional', channels: ['email', 'push', 'in_app'] },
  'debt.promise_broken': { category: 'transactional', channels: ['email', 'in_app'] },
  'debt.plan_broken': { category: 'transactional', channels: ['email', 'in_app'] },
  'debt.dispute_opened': { category: 'transactional', channels: ['email', 'push', 'in_app'] },
  'debt.dispute_resolved': { category: 'transactional', channels: ['email', 'in_app'] },
  'debt.task_assigned': { category: 'transactional', channels: ['email', 'in_app'] },
  'debt.prescription_warning': { category: 'transactional', channels: ['email', 'in_app'] },
  'debt.legal_handoff': { category: 'transactional', channels: ['email', 'in_app'] },
  'debt.payment_to_match': { category: 'transactional', channels: ['email', 'in_app'] },
  // A claim's acknowledgement and replies reach the person where they wrote from: e-mail (they can answer it), in-app.
  'support.ticket_opened': { category: 'transactional', channels: ['email', 'in_app'] },
  'support.ticket_reply': { category: 'transactional', channels: ['email', 'push', 'in_app'] },
  'support.ticket_assigned': { category: 'transactional', channels: ['email', 'in_app'] },
  // A missed SLA must reach the admin at once.
  'support.ticket_escalated': { category: 'transactional', channels: ['email', 'sms', 'in_app'] },
  'support.ticket_closed': { category: 'transactional', channels: ['email', 'in_app'] },
  'export.ready': { category: 'transactional', channels: ['email', 'in_app'] },
  'privacy.request_update': { category: 'transactional', channels: ['email', 'in_app'] },
  ...hubAlertEventPolicies,
};

/** A wallet debit at or above this many credits is announced (SPEC 3.11, fraud awareness). */
export const walletDebitAlertCentiCredits = 100_00;
