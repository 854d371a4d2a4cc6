/**
 * A unit's form (lazy): create (NewUnit: kind, type, name, place, capacity, base price per night) or edit the same
 * fields but the kind (only what changed is sent). A taken name is said, not overwritten.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { createUnit, editUnit, fcfaOf, type Unit } from './data.js';
import '../../styles/units.css';

const kinds = ['room', 'event_seat', 'transport_seat'] as const;

interface Draft {
  kind: (typeof kinds)[number];
  typeName: string;
  name: string;
  place: string;
  capacity: string;
  price: string;
}

const draftOf = (unit: Unit | null): Draft => ({
  kind: kinds.find((k) => k === unit?.kind) ?? 'room',
  typeName: unit?.typeName ?? '',
  name: unit?.name ?? '',
  place: unit?.place ?? '',
  capacity: unit === null ? '2' : String(unit.capacity),
  price: unit === null ? '' : String(unit.basePriceXof),
});

function problem(t: (key: string) => string, error: unknown): string {
  if (error instanceof ApiError && error.status === 409) return t('units:form.taken');
  if (error instanceof ApiError && error.status === 400) return t('units:form.invalid');
  return t('units:form.failed');
}

export function UnitForm({ unit }: { unit: Unit | null }) {
  const { t } = useTranslation('units');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(unit));
  const [saved, setSaved] = useState(false);
  const set = (change: Partial<Draft>): void => {
    setSaved(false);
    setDraft({ ...draft, ...change });
  };
  const save = useMutation({
    mutationFn: async () => {
      const fields = {
        typeName: draft.typeName.trim(),
        name: draft.name.trim(),
        place: draft.place.trim(),
        capacity: Number(draft.capacity),
        basePriceXof: fcfaOf(draft.price),
      };
      if (unit === null) return createUnit({ ...fields, kind: draft.kind, taxGroup: 'CI-TVA-18' });
      const edit: Record<string, string | number> = {};
      for (const [key, value] of Object.entries(fields)) if (unit[key as keyof Unit] !== value) edit[key] = value;
      if (Object.keys(edit).length > 0) await editUnit(unit.id, edit);
      return unit.id;
    },
    onSuccess: async (unitId) => {
      await queryClient.invalidateQueries({ queryKey: ['units'] });
      setSaved(true);
      if (unit === null) await navigate({ to: '/units/$unitId', params: { unitId } });
    },
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  }
  const field = (key: 'typeName' | 'name' | 'place', hint?: string) => (
    <>
      <label htmlFor={`unit-${key}`}>{t(`units:form.${key}`)}</label>
      <input
        id={`unit-${key}`}
        required
        maxLength={100}
        value={draft[key]}
        aria-describedby={hint === undefined ? undefined : `unit-${key}-hint`}
        onChange={(e) => set({ [key]: e.target.value })}
      />
      {hint === undefined ? null : (
        <p className="muted units-hint" id={`unit-${key}-hint`}>
          {hint}
        </p>
      )}
    </>
  );
  return (
    <form className="form units-form" onSubmit={submit} data-testid="unit-form">
      {unit === null ? (
        <>
          <label htmlFor="unit-kind">{t('units:form.kind')}</label>
          <select id="unit-kind" value={draft.kind} onChange={(e) => set({ kind: e.target.value as Draft['kind'] })}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`units:kind.${k}`)}
              </option>
            ))}
          </select>
        </>
      ) : null}
      {field('typeName', t('units:form.typeNameHint'))}
      {field('name')}
      {field('place')}
      <label htmlFor="unit-capacity">{t('units:form.capacity')}</label>
      <input
        id="unit-capacity"
        type="number"
        inputMode="numeric"
        min={1}
        max={50}
        required
        value={draft.capacity}
        onChange={(e) => set({ capacity: e.target.value })}
      />
      <label htmlFor="unit-price">{t('units:form.price')}</label>
      <input
        id="unit-price"
        inputMode="numeric"
        required
        autoComplete="off"
        value={draft.price}
        onChange={(e) => set({ price: e.target.value })}
      />
      {save.isError ? (
        <p className="error" role="alert">
          {problem(t, save.error)}
        </p>
      ) : null}
      {saved && unit !== null ? <p role="status">{t('units:form.saved')}</p> : null}
      <button type="submit" className="button" disabled={save.isPending} aria-busy={save.isPending}>
        {unit === null ? t('units:form.create') : t('units:form.save')}
      </button>
    </form>
  );
}

export function NewUnit() {
  const { t } = useTranslation('units');
  return (
    <section aria-labelledby="unit-new-title" className="screen units">
      <h1 id="unit-new-title">{t('units:form.newTitle')}</h1>
      <UnitForm unit={null} />
    </section>
  );
}
