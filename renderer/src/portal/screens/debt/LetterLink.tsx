/**
 * A formal notice letter as a download: the bytes need the bearer token, so they come through the client and are
 * handed to the browser as a file (an object address used for a download only, never shown as an image, so the
 * portal's img-src policy is not involved).
 */
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Refusal } from './Refusal.js';
import { letterBytes } from './data.js';
import { formatDay } from './format.js';
import type { DebtTask } from './types.js';

export function LetterLink({ fileId, task }: { fileId: string; task: DebtTask }) {
  const { t, i18n } = useTranslation('debt');
  const download = useMutation({
    mutationFn: async () => {
      const blob = await letterBytes(fileId, task.id);
      const address = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
      const anchor = document.createElement('a');
      anchor.href = address;
      anchor.download = `mise-en-demeure-${task.id.slice(0, 8)}.pdf`;
      anchor.rel = 'noopener';
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      // Freed once the browser has taken the file.
      setTimeout(() => URL.revokeObjectURL(address), 60_000);
    },
  });
  return (
    <div>
      <button
        type="button"
        className="button secondary"
        disabled={download.isPending}
        onClick={() => download.mutate()}
      >
        {t('debt:letter.download', { day: formatDay(task.dueOn, i18n.language) })}
      </button>
      <Refusal error={download.error} />
    </div>
  );
}
