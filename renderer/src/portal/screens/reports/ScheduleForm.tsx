/** A new scheduled report: each field labelled, the day asked only for weekly and monthly sendings. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { problemText } from '../exports/problem.js';
import { createSchedule, schedulesQuery } from './data.js';
import { SelectField } from './Field.js';
import { reportModules } from './modules.js';
import { frequencies, type Delivery, type Frequency, type ReportFormat, type ReportKindView } from './types.js';

const hours = Array.from({ length: 24 }, (_, h) => h);
const monthDays = Array.from({ length: 28 }, (_, d) => d + 1);
const weekdays = [1, 2, 3, 4, 5, 6, 7];
const timeZones = ['Africa/Abidjan', 'Africa/Lagos', 'Europe/Paris', 'UTC'] as const;

function DeliveryChoice({ value, onChange }: { value: Delivery; onChange: (d: Delivery) => void }) {
  const { t } = useTranslation('reports');
  return (
    <fieldset>
      <legend>{t('reports:schedules.delivery')}</legend>
      {(['attachment', 'link'] as const).map((d) => (
        <label key={d} className="rp-choice">
          <input type="radio" name="rs-delivery" value={d} checked={value === d} onChange={() => onChange(d)} />
          {t(`reports:schedules.deliveries.${d}`)}
        </label>
      ))}
    </fieldset>
  );
}

function Outcome({ failed, done }: { failed: Error | null; done: boolean }) {
  const { t, i18n } = useTranslation('reports');
  if (failed !== null)
    return (
      <p className="error" role="alert">
        {problemText(t, failed, i18n.language)}
      </p>
    );
  return done ? (
    <p role="status" className="jp-done">
      {t('reports:schedules.created')}
    </p>
  ) : null;
}

export function ScheduleForm({ kinds }: { kinds: readonly ReportKindView[] }) {
  const { t } = useTranslation('reports');
  const queryClient = useQueryClient();
  const [kind, setKind] = useState(kinds[0]?.kind ?? '');
  const formats = kinds.find((k) => k.kind === kind)?.formats ?? [];
  const [format, setFormat] = useState<ReportFormat>('xlsx');
  const [frequency, setFrequency] = useState<Frequency>('weekly');
  const [weekday, setWeekday] = useState(1);
  const [monthDay, setMonthDay] = useState(1);
  const [hour, setHour] = useState(7);
  const [timeZone, setTimeZone] = useState('Africa/Abidjan');
  const [delivery, setDelivery] = useState<Delivery>('attachment');
  const [module, setModule] = useState('');
  const chosenFormat = formats.includes(format) ? format : (formats[0] ?? 'csv');
  const create = useMutation({
    mutationFn: () =>
      createSchedule({
        kind,
        format: chosenFormat,
        frequency,
        timeZone,
        hour,
        delivery,
        ...(frequency === 'weekly' ? { weekday } : {}),
        ...(frequency === 'monthly' ? { monthDay } : {}),
        ...(module ? { module } : {}),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: schedulesQuery.queryKey }),
  });
  return (
    <form
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        create.mutate();
      }}
      aria-labelledby="rs-new"
    >
      <h2 id="rs-new">{t('reports:schedules.new')}</h2>
      <div className="rp-grid">
        <SelectField
          id="rs-kind"
          label={t('reports:kind')}
          value={kind}
          options={kinds.map((k) => ({ value: k.kind, label: k.titleFr }))}
          onChange={setKind}
        />
        <SelectField
          id="rs-format"
          label={t('reports:schedules.format')}
          value={chosenFormat}
          options={formats.map((f) => ({ value: f, label: f.toUpperCase() }))}
          onChange={setFormat}
        />
        <SelectField
          id="rs-frequency"
          label={t('reports:schedules.frequency')}
          value={frequency}
          options={frequencies.map((f) => ({ value: f, label: t(`reports:schedules.frequencies.${f}`) }))}
          onChange={setFrequency}
        />
        {frequency === 'weekly' ? (
          <SelectField
            id="rs-weekday"
            label={t('reports:schedules.weekday')}
            value={weekday}
            options={weekdays.map((d) => ({ value: d, label: t(`reports:weekdays.${d}`) }))}
            onChange={setWeekday}
          />
        ) : null}
        {frequency === 'monthly' ? (
          <SelectField
            id="rs-monthday"
            label={t('reports:schedules.monthDay')}
            value={monthDay}
            options={monthDays.map((d) => ({ value: d, label: String(d) }))}
            onChange={setMonthDay}
          />
        ) : null}
        <SelectField
          id="rs-hour"
          label={t('reports:schedules.hour')}
          value={hour}
          options={hours.map((h) => ({
            value: h,
            label: t('reports:schedules.hourValue', { hour: String(h).padStart(2, '0') }),
          }))}
          onChange={setHour}
        />
        <SelectField
          id="rs-zone"
          label={t('reports:schedules.timeZone')}
          value={timeZone}
          options={timeZones.map((z) => ({ value: z, label: z }))}
          onChange={setTimeZone}
        />
        <SelectField
          id="rs-module"
          label={t('reports:module')}
          value={module}
          options={[
            { value: '', label: t('reports:modules.all') },
            ...reportModules.map((m) => ({ value: m, label: t(`reports:modules.${m}`) })),
          ]}
          onChange={setModule}
        />
      </div>
      <DeliveryChoice value={delivery} onChange={setDelivery} />
      <button type="submit" className="button" disabled={create.isPending || kind === ''}>
        {t('reports:schedules.create')}
      </button>
      <Outcome failed={create.isError ? create.error : null} done={create.isSuccess} />
    </form>
  );
}
