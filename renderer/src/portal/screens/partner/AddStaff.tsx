/** Adding a counter operator: name, e-mail, a first password they change later, and what they may do. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { Permissions } from './Permissions.js';
import { addStaff, type Delegable } from './data.js';

const empty = { firstName: '', lastName: '', email: '', password: '' };

export function AddStaff({ partnerId }: { readonly partnerId: string }) {
  const { t } = useTranslation('partner');
  const queryClient = useQueryClient();
  const [fields, setFields] = useState(empty);
  const [actions, setActions] = useState<Delegable[]>(['read']);
  const add = useMutation({
    mutationFn: () =>
      addStaff(partnerId, {
        firstName: fields.firstName.trim(),
        lastName: fields.lastName.trim(),
        email: fields.email.trim(),
        password: fields.password,
        delegatedActions: actions,
      }),
    onSuccess: async () => {
      setFields(empty);
      setActions(['read']);
      await queryClient.invalidateQueries({ queryKey: ['partner', 'staff'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  const field = (name: keyof typeof empty, type: string, autoComplete: string, max: number, min = 1) => (
    <>
      <label htmlFor={`staff-${name}`}>{t(`partner:staff.fields.${name}`)}</label>
      <input
        id={`staff-${name}`}
        type={type}
        value={fields[name]}
        required
        minLength={min}
        maxLength={max}
        autoComplete={autoComplete}
        onChange={(e) => setFields({ ...fields, [name]: e.target.value })}
      />
    </>
  );
  const taken = add.error instanceof ApiError && add.error.status === 409;
  return (
    <section aria-labelledby="add-staff-title" className="card">
      <h2 id="add-staff-title">{t('partner:staff.addTitle')}</h2>
      <form className="form" onSubmit={submit}>
        {field('firstName', 'text', 'off', 100)}
        {field('lastName', 'text', 'off', 100)}
        {field('email', 'email', 'off', 254, 3)}
        {field('password', 'password', 'new-password', 200, 10)}
        <p className="muted small">{t('partner:staff.passwordHint')}</p>
        <Permissions
          idPrefix="new-staff"
          value={actions}
          onChange={setActions}
          legend={t('partner:staff.permissions')}
        />
        <button type="submit" className="button" disabled={add.isPending}>
          {t('partner:staff.add')}
        </button>
      </form>
      {add.isSuccess ? (
        <p role="status" className="muted">
          {t('partner:staff.added')}
        </p>
      ) : null}
      {add.isError ? (
        <p role="alert" className="error">
          {taken ? t('partner:staff.emailTaken') : t('partner:staff.addFailed')}
        </p>
      ) : null}
    </section>
  );
}
