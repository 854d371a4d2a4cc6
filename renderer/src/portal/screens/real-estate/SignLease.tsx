/**
 * "Signer le bail": the typed name and a drawn signature (or the typed name written into the image), sent with the
 * SHA-256 of the lease PDF as this device read it: what is signed is the file the person could open, and the cloud
 * refuses a hash that is not the lease's.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Refusal } from './Refusal.js';
import { SignaturePad, type SignaturePadHandle } from './SignaturePad.js';
import { documentBytes, sha256Hex, signLease } from './data.js';
import type { Lease } from './types.js';

export function SignLease({ lease }: { lease: Lease }) {
  const { t } = useTranslation('real-estate');
  const queryClient = useQueryClient();
  const pad = useRef<SignaturePadHandle>(null);
  const [typedName, setTypedName] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [mismatch, setMismatch] = useState(false);
  const sign = useMutation({
    mutationFn: async () => {
      if (lease.documentId === null) throw new Error('no document');
      const documentSha256 = await sha256Hex(await documentBytes(lease.documentId));
      if (lease.documentSha256 !== null && documentSha256 !== lease.documentSha256) {
        setMismatch(true);
        throw new Error('hash mismatch');
      }
      const signaturePngBase64 = pad.current?.pngBase64(typedName.trim()) ?? '';
      return signLease(lease.id, { typedName: typedName.trim(), signaturePngBase64, documentSha256 });
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(['real-estate', 'lease', lease.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['real-estate', 'leases'] });
    },
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (typedName.trim().length >= 3 && agreed && !sign.isPending) sign.mutate();
  }
  return (
    <form className="form card" onSubmit={submit} aria-labelledby="re-sign-title">
      <h2 id="re-sign-title">{t('real-estate:sign.title')}</h2>
      <p className="muted">{t('real-estate:sign.explain')}</p>
      <label htmlFor="re-sign-name">{t('real-estate:sign.typedName')}</label>
      <input
        id="re-sign-name"
        autoComplete="name"
        maxLength={120}
        required
        value={typedName}
        onChange={(e) => setTypedName(e.target.value)}
      />
      <SignaturePad ref={pad} />
      <label className="re-check">
        <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />
        {t('real-estate:sign.agree')}
      </label>
      {mismatch ? (
        <p role="alert" className="error">
          {t('real-estate:documents.hashDiffers')}
        </p>
      ) : (
        <Refusal error={sign.error} />
      )}
      <button type="submit" className="button" disabled={sign.isPending || typedName.trim().length < 3 || !agreed}>
        {t('real-estate:sign.submit')}
      </button>
    </form>
  );
}
