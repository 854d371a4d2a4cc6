/**
 * Small pieces shared by the support screens: who is looking (customer, partner or admin: the words and controls
 * differ), a ticket's status, level and lateness as chips, and its « about » line.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { adminMeQuery, isAdmin } from '../admin/data.js';
import type { About, TicketSummary } from './types.js';

export type Viewer = 'customer' | 'partner' | 'admin';

/** The signed-in person's side of a claim, from their profile (the cloud decides access; this only picks words). */
export function useViewer(): { viewer: Viewer | undefined; accountId: string | undefined } {
  const me = useQuery(adminMeQuery);
  const profile = me.data?.profile;
  const viewer =
    profile === undefined ? undefined : isAdmin(profile) ? 'admin' : profile === 'partner' ? 'partner' : 'customer';
  return { viewer, accountId: (me.data as { id?: string } | undefined)?.id };
}

export function TicketChips({ ticket, viewer }: { ticket: TicketSummary; viewer: Viewer | undefined }) {
  const { t } = useTranslation('support');
  const words = viewer === 'customer' ? 'status' : 'statusStaff';
  return (
    <span className="sp-chips">
      <span className={`sp-chip sp-chip-${ticket.status}`}>{t(`support:${words}.${ticket.status}`)}</span>
      {ticket.overdue === true && ticket.status !== 'closed' ? (
        <span className="sp-chip sp-chip-late">{t('support:overdue')}</span>
      ) : null}
      {viewer === 'admin' && ticket.level !== undefined && ticket.level !== 'support' ? (
        <span className="sp-chip sp-chip-level">{t(`support:level.${ticket.level}`)}</span>
      ) : null}
    </span>
  );
}

/** « À propos de la commande 3f2a9c1e »: the object's short id (its first 8 characters, as the order pages show). */
export function AboutLine({ about }: { about: About | null | undefined }) {
  const { t } = useTranslation('support');
  if (about === null || about === undefined) return null;
  return <p className="sp-about">{t(`support:about.${about.type}`, { id: about.id.slice(0, 8) })}</p>;
}
