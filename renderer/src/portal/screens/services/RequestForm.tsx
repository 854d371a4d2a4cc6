/**
 * A quote request (lazy): category, description, commune, an address hint, the wished window and optional photos,
 * sent to the provider named in the address. The form makes its idempotency key once: a double tap, or a retry after
 * a dropped 3G answer, sends one request.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { Refusal } from './Refusal.js';
import { idempotencyHeaders, settleIntent } from '../../api/intent.js';
import { PhotoPicker } from './PhotoPicker.js';
import { abidjanCommunes, categoriesQuery, providerQuery, sendRequest } from './data.js';
import './services.css';

/** "YYYY-MM-DDTHH:mm" for a datetime-local field, in Abidjan's time (UTC all year, no daylight saving). */
const localInput = (ms: number): string => new Date(ms).toISOString().slice(0, 16);
/** The field's value read as Abidjan time (UTC), whatever the phone's own zone. */
const fromLocalInput = (value: string): string => new Date(`${value}:00Z`).toISOString();

/** Sends the request under the form's intent key, then opens it; a refusal the person can fix frees the key. */
function useSendRequest(intent: string, busy: { current: boolean }, body: () => Parameters<typeof sendRequest>[0]) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => sendRequest(body(), idempotencyHeaders(intent)),
    onSuccess: async (request) => {
      settleIntent(intent);
      await queryClient.invalidateQueries({ queryKey: ['services', 'requests'] });
      await navigate({ to: '/services/requests/$requestId', params: { requestId: request.id } });
    },
    onError: (error) => {
      // Refused for a reason the person can fix: the corrected form is a new intent with its own key.
      if (error instanceof ApiError && error.status < 500) settleIntent(intent);
    },
    onSettled: () => {
      busy.current = false;
    },
  });
}

export function RequestForm() {
  const { t, i18n } = useTranslation('services');
  const { provider: providerId } = useSearch({ from: '/services/requests/new' });
  const categories = useQuery(categoriesQuery);
  const provider = useQuery({ ...providerQuery(providerId ?? ''), enabled: providerId !== undefined });
  const [formId] = useState(() => crypto.randomUUID());
  const intent = `services-request:${formId}`;
  const [category, setCategory] = useState('');
  const [description, setDescription] = useState('');
  const [commune, setCommune] = useState('');
  const [addressHint, setAddressHint] = useState('');
  const [wishedFrom, setWishedFrom] = useState(() => localInput(Date.now() + 86_400_000).slice(0, 11) + '08:00');
  const [wishedTo, setWishedTo] = useState(() => localInput(Date.now() + 3 * 86_400_000).slice(0, 11) + '18:00');
  const [photoIds, setPhotoIds] = useState<string[]>([]);
  const [invalid, setInvalid] = useState<string | null>(null);
  const busy = useRef(false);
  const chosenCategory = category !== '' ? category : (provider.data?.categories[0] ?? '');

  const send = useSendRequest(intent, busy, () => ({
    providerIds: providerId === undefined ? [] : [providerId],
    category: chosenCategory,
    description: description.trim(),
    commune,
    ...(addressHint.trim() === '' ? {} : { addressHint: addressHint.trim() }),
    wishedFrom: fromLocalInput(wishedFrom),
    wishedTo: fromLocalInput(wishedTo),
    photoIds,
  }));

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (busy.current) return;
    if (providerId === undefined) return setInvalid('services:request.noProvider');
    if (description.trim().length < 10) return setInvalid('services:request.describe');
    if (wishedTo <= wishedFrom) return setInvalid('services:request.window');
    setInvalid(null);
    busy.current = true;
    send.mutate();
  }

  const failure = send.error instanceof ApiError ? send.error : undefined;
  return (
    <section aria-labelledby="request-title" className="screen services">
      <h1 id="request-title">{t('services:request.title')}</h1>
      {provider.data === undefined ? null : <p>{t('services:request.to', { name: provider.data.displayName })}</p>}
      <form className="form card" onSubmit={submit} noValidate>
        <label htmlFor="request-category">{t('services:request.category')}</label>
        <select id="request-category" required value={chosenCategory} onChange={(e) => setCategory(e.target.value)}>
          <option value="">{t('services:request.pickCategory')}</option>
          {(categories.data?.categories ?? []).map((c) => (
            <option key={c.code} value={c.code}>
              {i18n.language === 'en' ? c.labelEn : c.labelFr}
            </option>
          ))}
        </select>
        <label htmlFor="request-description">{t('services:request.description')}</label>
        <textarea
          id="request-description"
          required
          rows={5}
          maxLength={2000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <label htmlFor="request-commune">{t('services:request.commune')}</label>
        <select id="request-commune" required value={commune} onChange={(e) => setCommune(e.target.value)}>
          <option value="">{t('services:request.pickCommune')}</option>
          {abidjanCommunes.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <label htmlFor="request-address">{t('services:request.addressHint')}</label>
        <input
          id="request-address"
          maxLength={200}
          value={addressHint}
          onChange={(e) => setAddressHint(e.target.value)}
        />
        <label htmlFor="request-from">{t('services:request.wishedFrom')}</label>
        <input
          id="request-from"
          type="datetime-local"
          required
          value={wishedFrom}
          onChange={(e) => setWishedFrom(e.target.value)}
        />
        <label htmlFor="request-to">{t('services:request.wishedTo')}</label>
        <input
          id="request-to"
          type="datetime-local"
          required
          min={wishedFrom}
          value={wishedTo}
          onChange={(e) => setWishedTo(e.target.value)}
        />
        <PhotoPicker id="request-photos" photoIds={photoIds} onChange={setPhotoIds} />
        {invalid === null ? null : (
          <p role="alert" className="error">
            {t(invalid)}
          </p>
        )}
        <Refusal error={failure} />
        <button type="submit" className="button" disabled={send.isPending || chosenCategory === '' || commune === ''}>
          {t('services:request.send')}
        </button>
      </form>
    </section>
  );
}
