/**
 * One action on a file, folded under its name so a phone shows the file first: a form whose submit runs the action,
 * says the cloud's refusal in words, and reads every debt query again once done (balance, history, lists).
 * A destructive action asks to be confirmed by a second press before it runs.
 *
 * Inside a file's action list, "done" is said by the list (ActionDone), not by the form: the file read again after an
 * action may remove the form itself (a payment that clears the debt closes the file, a write-off, the legal step), and
 * the person must still see that it was done.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { problemText } from './problem.js';

/** Says which action was just done (its title), or null when another starts. */
export const ActionDone = createContext<((title: string | null) => void) | null>(null);

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
  const announce = useContext(ActionDone);
  const action = useMutation({
    mutationFn: props.run,
    onMutate: () => announce?.(null),
    onSuccess: async () => {
      setConfirming(false);
      // Said before the file is read again: that read may unmount this form.
      announce?.(props.title);
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
        {action.isSuccess && announce === null ? (
          <p className="dc-done" role="status">
            {t('debt-creditor:actions.done')}
          </p>
        ) : null}
      </form>
    </details>
  );
}
