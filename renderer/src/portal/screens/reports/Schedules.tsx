/**
 * /rapports/envois (lazy): my scheduled reports. A new one (report, format, every day, week or month, the day and the
 * hour in its time zone, Abidjan by default, the file attached or a link); each listed with its next sending and the
 * last period sent, and deleted on a click.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { problemText } from '../exports/problem.js';
import { deleteSchedule, kindsQuery, schedulesQuery } from './data.js';
import { ReportsNav } from './Nav.js';
import { ScheduleForm } from './ScheduleForm.js';
import type { Schedule } from './types.js';
import '../exports/exports.css';

function lastPeriodText(period: Schedule['lastPeriod']): string | null {
  if (period === null) return null;
  return typeof period === 'string' ? period : `${period.from} → ${period.to}`;
}

function ScheduleItem({ schedule, title }: { schedule: Schedule; title: string }) {
  const { t, i18n } = useTranslation('reports');
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteSchedule(schedule.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: schedulesQuery.queryKey }),
  });
  const when =
    schedule.frequency === 'weekly'
      ? t('reports:schedules.everyWeek', { day: t(`reports:weekdays.${schedule.weekday ?? 1}`), hour: schedule.hour })
      : schedule.frequency === 'monthly'
        ? t('reports:schedules.everyMonth', { day: schedule.monthDay ?? 1, hour: schedule.hour })
        : t('reports:schedules.everyDay', { hour: schedule.hour });
  const last = lastPeriodText(schedule.lastPeriod);
  return (
    <li className="card" data-testid={`schedule-${schedule.id}`}>
      <h3>{t('reports:schedules.item', { title, format: schedule.format.toUpperCase() })}</h3>
      <p>
        {when} ({schedule.timeZone}) · {t(`reports:schedules.deliveries.${schedule.delivery}`)}
      </p>
      <p>
        {schedule.nextRunAt === null
          ? t('reports:schedules.noNext')
          : t('reports:schedules.next', { when: formatDateTime(schedule.nextRunAt, lang) })}
      </p>
      <p className="rp-muted">
        {last === null ? t('reports:schedules.neverSent') : t('reports:schedules.lastPeriod', { period: last })}
      </p>
      <button
        type="button"
        className="button rp-danger"
        disabled={remove.isPending}
        onClick={() => remove.mutate()}
        aria-label={t('reports:schedules.deleteOne', { title })}
      >
        {t('reports:schedules.delete')}
      </button>
      {remove.isError ? (
        <p className="error" role="alert">
          {problemText(t, remove.error, lang)}
        </p>
      ) : null}
    </li>
  );
}

export function ReportSchedules() {
  const { t, i18n } = useTranslation('reports');
  const lang = i18n.language;
  const kinds = useQuery(kindsQuery);
  const schedules = useQuery(schedulesQuery);
  const titleOf = (kind: string) => kinds.data?.kinds.find((k) => k.kind === kind)?.titleFr ?? kind;
  const list = schedules.data?.schedules ?? [];
  return (
    <section aria-labelledby="rs-title" className="screen rp">
      <h1 id="rs-title">{t('reports:schedules.title')}</h1>
      <ReportsNav />
      <OfflineMark updatedAtMs={schedules.dataUpdatedAt} failed={schedules.isError} />
      <p className="rp-muted">{t('reports:schedules.intro')}</p>
      {schedules.data === undefined ? (
        <p>{schedules.isError ? problemText(t, schedules.error, lang) : t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('reports:schedules.none')}</p>
      ) : (
        <ul className="rp-list" data-testid="schedules">
          {list.map((schedule) => (
            <ScheduleItem key={schedule.id} schedule={schedule} title={titleOf(schedule.kind)} />
          ))}
        </ul>
      )}
      {kinds.data === undefined || kinds.data.kinds.length === 0 ? null : <ScheduleForm kinds={kinds.data.kinds} />}
    </section>
  );
}
