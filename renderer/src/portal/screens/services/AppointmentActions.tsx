/**
 * What the reader may do with an appointment at its status. Provider: mark the work done, cancel, answer the review.
 * Client: confirm the work (releases the payment now), open a dispute, cancel (the refund said first), leave a review
 * within its window. Each action asks once more before it runs when money moves.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { ApiError } from '../../api/client.js';
import { Refusal } from './Refusal.js';
import { ReviewForms } from './ReviewForms.js';
import { DisputeForm } from './DisputePanel.js';
import { cancelRefundXof } from './cancel-refund.js';
import { appointmentAction, type AppointmentAction } from './data.js';
import type { Appointment } from './types.js';

interface Props {
  readonly appointment: Appointment;
  readonly role: 'client' | 'provider';
}

export function AppointmentActions({ appointment: a, role }: Props) {
  const { t, i18n } = useTranslation('services');
  const language = i18n.language;
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<AppointmentAction | 'dispute' | null>(null);
  const busy = useRef(false);
  const act = useMutation({
    mutationFn: (action: AppointmentAction) => appointmentAction(a.id, action),
    onSuccess: () => setAsking(null),
    onSettled: async () => {
      busy.current = false;
      await queryClient.invalidateQueries({ queryKey: ['services'] });
      await queryClient.invalidateQueries({ queryKey: ['wallet'] });
    },
  });
  const run = (action: AppointmentAction): void => {
    if (busy.current) return;
    busy.current = true;
    act.mutate(action);
  };
  const refund = cancelRefundXof(a.amountXof, a.startsAt, role, Date.now());
  const failure = act.error instanceof ApiError ? act.error : undefined;
  const buttons: { action: AppointmentAction | 'dispute'; label: string; danger?: boolean }[] = [];
  if (role === 'provider' && a.status === 'booked') buttons.push({ action: 'done', label: 'services:actions.done' });
  if (role === 'client' && a.status === 'done') buttons.push({ action: 'confirm', label: 'services:actions.confirm' });
  if (a.status === 'done' && a.dispute === null)
    buttons.push({ action: 'dispute', label: 'services:actions.dispute', danger: true });
  if (a.status === 'booked') buttons.push({ action: 'cancel', label: 'services:actions.cancel', danger: true });

  return (
    <section aria-labelledby="actions-title" className="actions">
      <h2 id="actions-title" className="visually-hidden">
        {t('services:actions.title')}
      </h2>
      {asking === null ? (
        <div className="action-row">
          {buttons.map((b) => (
            <button
              key={b.action}
              type="button"
              className={b.danger === true ? 'button danger' : 'button'}
              onClick={() => {
                act.reset();
                setAsking(b.action);
              }}
            >
              {t(b.label)}
            </button>
          ))}
        </div>
      ) : asking === 'dispute' ? (
        <DisputeForm appointmentId={a.id} onClose={() => setAsking(null)} />
      ) : (
        <div className="card confirm-panel" role="group" aria-labelledby="ask-title">
          <h3 id="ask-title">{t(`services:actions.${asking}`)}</h3>
          <p>
            {asking === 'confirm'
              ? t('services:actions.confirmSays', { amount: formatFcfa(a.amountXof, language), name: a.providerName })
              : asking === 'cancel'
                ? t('services:actions.cancelSays', { amount: formatFcfa(refund, language) })
                : t('services:actions.doneSays', { days: a.autoReleaseDays })}
          </p>
          <button type="button" className="button" disabled={act.isPending} onClick={() => run(asking)}>
            {t('services:actions.yes')}
          </button>
          <button type="button" className="button secondary" onClick={() => setAsking(null)}>
            {t('services:common.back')}
          </button>
        </div>
      )}
      <Refusal error={failure} />
      <ReviewForms appointment={a} role={role} />
    </section>
  );
}
