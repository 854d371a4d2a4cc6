/**
 * The debtor's channels for reminders: SMS, e-mail and push can each be stopped (the engine honours it for every
 * creditor), with the contact policy ISMAIL keeps in one short line.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Refusal } from './Refusal.js';
import { contactPreferencesQuery, saveContactPreferences } from './data.js';
import { optOutChannels, type OptOutChannel } from './types.js';

export function ContactPreferences() {
  const { t } = useTranslation('debt');
  const queryClient = useQueryClient();
  const preferences = useQuery(contactPreferencesQuery);
  const [draft, setDraft] = useState<readonly OptOutChannel[] | null>(null);
  const chosen = draft ?? preferences.data?.optedOut ?? [];
  const save = useMutation({
    mutationFn: () => saveContactPreferences(chosen),
    onSuccess: (answer) => {
      queryClient.setQueryData(contactPreferencesQuery.queryKey, answer);
      setDraft(null);
    },
  });
  return (
    <section aria-labelledby="debt-contact-title" className="card debt-contact">
      <h2 id="debt-contact-title">{t('debt:contact.title')}</h2>
      <p className="muted">{t('debt:contact.policy')}</p>
      {preferences.data === undefined ? (
        preferences.isError ? (
          <Refusal error={preferences.error} />
        ) : (
          <p>{t('app.loading')}</p>
        )
      ) : (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          <fieldset className="debt-fieldset">
            <legend>{t('debt:contact.stop')}</legend>
            {optOutChannels.map((channel) => (
              <label key={channel} className="debt-check">
                <input
                  type="checkbox"
                  checked={chosen.includes(channel)}
                  onChange={(event) => {
                    const others = chosen.filter((c) => c !== channel);
                    setDraft(event.target.checked ? [...others, channel] : others);
                  }}
                />
                {t(`debt:contact.channel.${channel}`)}
              </label>
            ))}
          </fieldset>
          <div className="debt-actions">
            <button type="submit" className="button" disabled={save.isPending}>
              {t('debt:contact.save')}
            </button>
            {save.isSuccess && draft === null ? (
              <span role="status" className="debt-ok">
                {t('debt:contact.saved')}
              </span>
            ) : null}
          </div>
          <Refusal error={save.error} />
        </form>
      )}
    </section>
  );
}
