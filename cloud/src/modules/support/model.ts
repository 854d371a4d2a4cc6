/**
 * The words of support tickets (issue 27): categories, statuses, levels, what a claim may be about, and how a ticket's
 * deadline reads in Abidjan (« lundi 7 décembre à 17 h 00 »).
 */
import { DateTime } from 'luxon';

export const ticketCategories = ['order', 'booking', 'service', 'invoice', 'debt_file', 'card', 'other'] as const;
export type TicketCategory = (typeof ticketCategories)[number];
export const ticketStatuses = ['open', 'waiting_customer', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const ticketLevels = ['support', 'admin', 'super_admin'] as const;
export type TicketLevel = (typeof ticketLevels)[number];
export const aboutTypes = ['order', 'booking', 'service_request', 'invoice', 'debt_file', 'card'] as const;
export type AboutType = (typeof aboutTypes)[number];
export type AuthorRole = 'customer' | 'partner' | 'support';

/** A message body: 10,000 characters at most (a long complaint fits, a pasted log file does not). */
export const messageMaxChars = 10_000;
export const attachmentsMax = 5;
export const attachmentMaxBytes = 5 * 1024 * 1024;

/** How a deadline reads to a person in Côte d'Ivoire (Abidjan is UTC+0 all year, but the zone says so). */
export function expectedByFr(at: Date): string {
  return DateTime.fromJSDate(at, { zone: 'Africa/Abidjan' }).setLocale('fr').toFormat("cccc d LLLL 'à' H 'h' mm");
}

/** The year of a reference (« R-2026-000123 »), in Abidjan's calendar. */
export const referenceYear = (at: Date): number => DateTime.fromJSDate(at, { zone: 'Africa/Abidjan' }).year;

export const levelLabelFr: Record<TicketLevel, string> = {
  support: 'Support',
  admin: 'Administrateur',
  super_admin: 'Super Admin',
};

/** The first words of a reply for a notification (the template bounds it to 300 characters). */
export function excerptOf(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length <= 200 ? flat : `${flat.slice(0, 199)}…`;
}
