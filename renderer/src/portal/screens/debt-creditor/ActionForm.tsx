/**
 * One action on a file, folded under its name so a phone shows the file first: a form whose submit runs the action,
 * says the cloud's refusal in words, and reads every debt query again once done (balance, history, lists).
 * A destructive action asks to be confirmed by a second press before it runs.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { problemText } from './problem.js';

export function ActionForm(props: {
  id: string;
  title: string;
  submit: string;
  run: () => Promise<unknown>;
  ready?: boolean;
  destructive?: boolean;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation('debt-creditor');
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const action = useMutation({
    mutationFn: props.run,
    onSuccess: async () => {
      setConfirming(false);
      await client.invalidateQueries({ queryKey: ['debt'] });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (props.destructive === true && !confirming) {
      setConfirming(true);
      return;
    }
    action.mutate();
  };
  return (
    <details
      className="card dc-action"
      data-testid={`action-${props.id}`}
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>{props.title}</summary>
      <form onSubmit={onSubmit} className="dc-form" aria-label={props.title}>
        {props.children}
        {confirming ? (
          <p className="dc-warning" role="alert">
            {t('debt-creditor:actions.confirmText')}
          </p>
        ) : null}
        <button
          type="submit"
          className={props.destructive === true ? 'button dc-danger' : 'button'}
          disabled={action.isPending || props.ready === false}
        >
          {confirming ? t('debt-creditor:actions.confirm', { action: props.submit }) : props.submit}
        </button>
        {confirming ? (
          <button type="button" className="button dc-secondary" onClick={() => setConfirming(false)}>
            {t('debt-creditor:actions.cancel')}
          </button>
        ) : null}
        {action.isError ? (
          <p className="error" role="alert">
            {problemText(t, action.error, i18n.language)}
          </p>
        ) : null}
        {action.isSuccess ? (
          <p className="dc-done" role="status">
            {t('debt-creditor:actions.done')}
          </p>
        ) : null}
      </form>
    </details>
  );
}
