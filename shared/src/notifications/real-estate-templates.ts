/** The Real estate module's notification texts (issue 25), French and English, kept apart from the platform's own. */
import { formatXof } from '../money/xof.js';
import type { NotificationEventData } from './events.js';

interface Copy {
  readonly subject: string;
  readonly paragraphs: readonly string[];
  readonly sms: string;
  readonly title: string;
  readonly body: string;
}

type RealEstateEvent =
  | 'real_estate.listing_published'
  | 'real_estate.listing_expiring'
  | 'real_estate.listing_held'
  | 'real_estate.availability_check'
  | 'real_estate.search_alert'
  | 'real_estate.visit_requested'
  | 'real_estate.visit_confirmed'
  | 'real_estate.visit_cancelled'
  | 'real_estate.visit_reminder'
  | 'real_estate.lease_to_sign'
  | 'real_estate.lease_signed'
  | 'real_estate.rent_due'
  | 'real_estate.rent_paid'
  | 'real_estate.rent_late';

type RealEstateTemplates = { readonly [T in RealEstateEvent]: (data: NotificationEventData<T>) => Copy };

export const realEstateFr: RealEstateTemplates = {
  'real_estate.listing_published': (d) => ({
    subject: `Annonce publiée : ${d.title}`,
    paragraphs: [`Bonjour ${d.firstName},`, `Votre annonce « ${d.title} » est en ligne.`, d.link],
    sms: `ISMAIL : annonce publiée, ${d.title}.`,
    title: 'Annonce publiée',
    body: d.title,
  }),
  'real_estate.listing_expiring': (d) => ({
    subject: `Votre annonce expire le ${d.expiresOn}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Votre annonce « ${d.title} » expire le ${d.expiresOn}. Renouvelez-la maintenant : la nouvelle période s’ajoute à la fin actuelle, vous ne perdez aucun jour.`,
      d.link,
    ],
    sms: `ISMAIL : annonce ${d.title} expire le ${d.expiresOn}. ${d.link}`,
    title: 'Annonce bientôt expirée',
    body: `${d.title} : ${d.expiresOn}`,
  }),
  'real_estate.listing_held': (d) => ({
    subject: `Annonce en vérification : ${d.title}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Votre annonce « ${d.title} » est retenue pour vérification : ${d.reason}`,
      d.link,
    ],
    sms: `ISMAIL : annonce ${d.title} en vérification.`,
    title: 'Annonce en vérification',
    body: d.reason,
  }),
  'real_estate.availability_check': (d) => ({
    subject: `Toujours disponible ? ${d.title}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Votre bien « ${d.title} » est-il toujours disponible ? Confirmez-le ou marquez-le loué ou vendu, pour que les candidats ne se déplacent pas pour rien.`,
      d.link,
    ],
    sms: `ISMAIL : ${d.title} toujours disponible ? ${d.link}`,
    title: 'Toujours disponible ?',
    body: d.title,
  }),
  'real_estate.search_alert': (d) => ({
    subject: `${String(d.count)} nouvelle(s) annonce(s) : ${d.searchName}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `${String(d.count)} nouvelle(s) annonce(s) correspondent à votre recherche « ${d.searchName} ».`,
      d.link,
    ],
    sms: `ISMAIL : ${String(d.count)} nouvelle(s) annonce(s), ${d.searchName}. ${d.link}`,
    title: 'Nouvelles annonces',
    body: `${d.searchName} : ${String(d.count)}`,
  }),
  'real_estate.visit_requested': (d) => ({
    subject: `Demande de visite : ${d.title}`,
    paragraphs: [`Bonjour ${d.firstName},`, `${d.otherName} souhaite visiter « ${d.title} » le ${d.startsAt}.`, d.link],
    sms: `ISMAIL : demande de visite de ${d.otherName}, ${d.startsAt}. ${d.link}`,
    title: 'Demande de visite',
    body: `${d.otherName}, ${d.startsAt}`,
  }),
  'real_estate.visit_confirmed': (d) => ({
    subject: `Visite confirmée : ${d.startsAt}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Visite de « ${d.title} » confirmée le ${d.startsAt} avec ${d.otherName}.`,
      d.link,
    ],
    sms: `ISMAIL : visite confirmée ${d.startsAt}, ${d.title}.`,
    title: 'Visite confirmée',
    body: `${d.title}, ${d.startsAt}`,
  }),
  'real_estate.visit_cancelled': (d) => ({
    subject: `Visite annulée : ${d.title}`,
    paragraphs: [`Bonjour ${d.firstName},`, `La visite de « ${d.title} » du ${d.startsAt} est annulée.`, d.link],
    sms: `ISMAIL : visite annulée ${d.startsAt}, ${d.title}.`,
    title: 'Visite annulée',
    body: `${d.title}, ${d.startsAt}`,
  }),
  'real_estate.visit_reminder': (d) => ({
    subject: `Rappel : visite le ${d.startsAt}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Rappel : visite de « ${d.title} » le ${d.startsAt} avec ${d.otherName}.`,
      d.link,
    ],
    sms: `ISMAIL : rappel visite ${d.startsAt}, ${d.title}.`,
    title: 'Rappel de visite',
    body: `${d.title}, ${d.startsAt}`,
  }),
  'real_estate.lease_to_sign': (d) => ({
    subject: `Bail à signer : ${d.title}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `${d.otherName} vous propose un bail pour « ${d.title} ». Lisez-le et signez-le :`,
      d.link,
    ],
    sms: `ISMAIL : bail à signer, ${d.title}. ${d.link}`,
    title: 'Bail à signer',
    body: d.title,
  }),
  'real_estate.lease_signed': (d) => ({
    subject: `Bail signé : ${d.title}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Le bail de « ${d.title} » est signé par les deux parties. Il est dans vos documents.`,
      d.link,
    ],
    sms: `ISMAIL : bail signé, ${d.title}.`,
    title: 'Bail signé',
    body: d.title,
  }),
  'real_estate.rent_due': (d) => ({
    subject: `Loyer à payer le ${d.dueOn}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Loyer de « ${d.title} » : ${formatXof(d.amountXof)} à payer le ${d.dueOn}.`,
      d.link,
    ],
    sms: `ISMAIL : loyer ${formatXof(d.amountXof)} le ${d.dueOn}. ${d.link}`,
    title: 'Loyer à payer',
    body: `${formatXof(d.amountXof)}, ${d.dueOn}`,
  }),
  'real_estate.rent_paid': (d) => ({
    subject: `Loyer reçu : ${d.period}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `${d.otherName} a payé ${formatXof(d.amountXof)} de loyer (${d.period}) pour « ${d.title} ». La quittance est dans les documents du bail.`,
      d.link,
    ],
    sms: `ISMAIL : loyer ${d.period} reçu, ${formatXof(d.amountXof)}.`,
    title: 'Loyer reçu',
    body: `${d.period} : ${formatXof(d.amountXof)}`,
  }),
  'real_estate.rent_late': (d) => ({
    subject: `Loyer en retard : ${d.period}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Le loyer de ${d.period} pour « ${d.title} » (${formatXof(d.amountXof)}) n’est pas payé. Un dossier de recouvrement est ouvert.`,
      d.link,
    ],
    sms: `ISMAIL : loyer ${d.period} impayé, ${formatXof(d.amountXof)}. ${d.link}`,
    title: 'Loyer en retard',
    body: `${d.period} : ${formatXof(d.amountXof)}`,
  }),
};

export const realEstateEn: RealEstateTemplates = {
  'real_estate.listing_published': (d) => ({
    subject: `Listing published: ${d.title}`,
    paragraphs: [`Hello ${d.firstName},`, `Your listing "${d.title}" is online.`, d.link],
    sms: `ISMAIL: listing published, ${d.title}.`,
    title: 'Listing published',
    body: d.title,
  }),
  'real_estate.listing_expiring': (d) => ({
    subject: `Your listing expires on ${d.expiresOn}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `Your listing "${d.title}" expires on ${d.expiresOn}. Renew it now: the new period is added to the current end, you lose no day.`,
      d.link,
    ],
    sms: `ISMAIL: listing ${d.title} expires on ${d.expiresOn}. ${d.link}`,
    title: 'Listing expiring',
    body: `${d.title}: ${d.expiresOn}`,
  }),
  'real_estate.listing_held': (d) => ({
    subject: `Listing under review: ${d.title}`,
    paragraphs: [`Hello ${d.firstName},`, `Your listing "${d.title}" is held for review: ${d.reason}`, d.link],
    sms: `ISMAIL: listing ${d.title} under review.`,
    title: 'Listing under review',
    body: d.reason,
  }),
  'real_estate.availability_check': (d) => ({
    subject: `Still available? ${d.title}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `Is "${d.title}" still available? Confirm it or mark it let or sold, so candidates do not travel for nothing.`,
      d.link,
    ],
    sms: `ISMAIL: ${d.title} still available? ${d.link}`,
    title: 'Still available?',
    body: d.title,
  }),
  'real_estate.search_alert': (d) => ({
    subject: `${String(d.count)} new listing(s): ${d.searchName}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `${String(d.count)} new listing(s) match your search "${d.searchName}".`,
      d.link,
    ],
    sms: `ISMAIL: ${String(d.count)} new listing(s), ${d.searchName}. ${d.link}`,
    title: 'New listings',
    body: `${d.searchName}: ${String(d.count)}`,
  }),
  'real_estate.visit_requested': (d) => ({
    subject: `Visit request: ${d.title}`,
    paragraphs: [`Hello ${d.firstName},`, `${d.otherName} would like to visit "${d.title}" on ${d.startsAt}.`, d.link],
    sms: `ISMAIL: visit request from ${d.otherName}, ${d.startsAt}. ${d.link}`,
    title: 'Visit request',
    body: `${d.otherName}, ${d.startsAt}`,
  }),
  'real_estate.visit_confirmed': (d) => ({
    subject: `Visit confirmed: ${d.startsAt}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `Visit of "${d.title}" confirmed on ${d.startsAt} with ${d.otherName}.`,
      d.link,
    ],
    sms: `ISMAIL: visit confirmed ${d.startsAt}, ${d.title}.`,
    title: 'Visit confirmed',
    body: `${d.title}, ${d.startsAt}`,
  }),
  'real_estate.visit_cancelled': (d) => ({
    subject: `Visit cancelled: ${d.title}`,
    paragraphs: [`Hello ${d.firstName},`, `The visit of "${d.title}" on ${d.startsAt} is cancelled.`, d.link],
    sms: `ISMAIL: visit cancelled ${d.startsAt}, ${d.title}.`,
    title: 'Visit cancelled',
    body: `${d.title}, ${d.startsAt}`,
  }),
  'real_estate.visit_reminder': (d) => ({
    subject: `Reminder: visit on ${d.startsAt}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `Reminder: visit of "${d.title}" on ${d.startsAt} with ${d.otherName}.`,
      d.link,
    ],
    sms: `ISMAIL: visit reminder ${d.startsAt}, ${d.title}.`,
    title: 'Visit reminder',
    body: `${d.title}, ${d.startsAt}`,
  }),
  'real_estate.lease_to_sign': (d) => ({
    subject: `Lease to sign: ${d.title}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `${d.otherName} offers you a lease for "${d.title}". Read and sign it:`,
      d.link,
    ],
    sms: `ISMAIL: lease to sign, ${d.title}. ${d.link}`,
    title: 'Lease to sign',
    body: d.title,
  }),
  'real_estate.lease_signed': (d) => ({
    subject: `Lease signed: ${d.title}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `The lease of "${d.title}" is signed by both parties. It is in your documents.`,
      d.link,
    ],
    sms: `ISMAIL: lease signed, ${d.title}.`,
    title: 'Lease signed',
    body: d.title,
  }),
  'real_estate.rent_due': (d) => ({
    subject: `Rent due on ${d.dueOn}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `Rent for "${d.title}": ${formatXof(d.amountXof)} due on ${d.dueOn}.`,
      d.link,
    ],
    sms: `ISMAIL: rent ${formatXof(d.amountXof)} due ${d.dueOn}. ${d.link}`,
    title: 'Rent due',
    body: `${formatXof(d.amountXof)}, ${d.dueOn}`,
  }),
  'real_estate.rent_paid': (d) => ({
    subject: `Rent received: ${d.period}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `${d.otherName} paid ${formatXof(d.amountXof)} of rent (${d.period}) for "${d.title}". The receipt is in the lease's documents.`,
      d.link,
    ],
    sms: `ISMAIL: rent ${d.period} received, ${formatXof(d.amountXof)}.`,
    title: 'Rent received',
    body: `${d.period}: ${formatXof(d.amountXof)}`,
  }),
  'real_estate.rent_late': (d) => ({
    subject: `Rent overdue: ${d.period}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `The rent of ${d.period} for "${d.title}" (${formatXof(d.amountXof)}) is unpaid. A debt collection file is open.`,
      d.link,
    ],
    sms: `ISMAIL: rent ${d.period} unpaid, ${formatXof(d.amountXof)}. ${d.link}`,
    title: 'Rent overdue',
    body: `${d.period}: ${formatXof(d.amountXof)}`,
  }),
};
