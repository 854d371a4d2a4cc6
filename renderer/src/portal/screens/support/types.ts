/**
 * The support tickets' shapes as the contract (cloud/src/modules/API-issue-27.md, "Support tickets") states them and
 * the screens read them. Fields the contract leaves open are optional here, so a cloud that omits them still shows.
 */
export const ticketCategories = ['order', 'booking', 'service', 'invoice', 'debt_file', 'card', 'other'] as const;
export type TicketCategory = (typeof ticketCategories)[number];

export const ticketStatuses = ['open', 'waiting_customer', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export const ticketLevels = ['support', 'admin', 'super_admin'] as const;
export type TicketLevel = (typeof ticketLevels)[number];

export const aboutTypes = ['order', 'booking', 'service_request', 'invoice', 'debt_file', 'card'] as const;
export type AboutType = (typeof aboutTypes)[number];

export interface About {
  readonly type: AboutType;
  readonly id: string;
}

/** The category a claim « about » something starts with (the person may change it). */
export const categoryOfAbout: Record<AboutType, TicketCategory> = {
  order: 'order',
  booking: 'booking',
  service_request: 'service',
  invoice: 'invoice',
  debt_file: 'debt_file',
  card: 'card',
};

export interface LastMessage {
  readonly at: string;
  readonly body: string;
}

/** As the cloud's TicketSummarySchema (support/views.ts): `slaDueAt` is the time an answer is expected by. */
export interface TicketSummary {
  readonly id: string;
  readonly reference: string;
  readonly category: TicketCategory;
  readonly about: About | null;
  readonly subject: string;
  readonly status: TicketStatus;
  readonly level: TicketLevel;
  readonly slaDueAt: string;
  readonly overdue: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
  readonly rating: number | null;
  /** Not in the cloud's summary yet (the contract asks for it in the list): shown when it comes. */
  readonly lastMessage?: LastMessage | null;
}

export interface Ticket extends TicketSummary {
  readonly customer: { readonly id: string; readonly name: string };
  readonly partner: { readonly id: string; readonly name: string } | null;
  readonly assigneeId: string | null;
  readonly firstResponseAt: string | null;
  readonly resolution: string | null;
  readonly ratingComment: string | null;
  /** The caller's place in this ticket: what the screen offers (internal notes, close, rate). */
  readonly viewerRole: 'customer' | 'partner' | 'support';
}

export interface TicketMessage {
  readonly id: string;
  readonly at: string;
  readonly author: { readonly role: 'customer' | 'partner' | 'support'; readonly name: string };
  readonly channel: 'portal' | 'email';
  readonly body: string;
  readonly internal: boolean;
  readonly attachments: readonly { readonly documentId: string; readonly filename: string; readonly url: string }[];
}

export interface TicketThread {
  readonly ticket: Ticket;
  readonly messages: readonly TicketMessage[];
  readonly history: readonly TicketSummary[];
}

export interface NewTicket {
  readonly category: TicketCategory;
  readonly about?: About;
  readonly subject: string;
  readonly message: string;
  readonly attachmentIds?: string[];
}

export type SlaHours = Record<TicketCategory, number>;
export interface Sla {
  readonly hours: SlaHours;
}
