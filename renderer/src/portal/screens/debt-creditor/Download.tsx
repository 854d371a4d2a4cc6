/**
 * A file the cloud makes on demand (journal CSV/XLSX, formal notice PDF): fetched with the bearer token when asked,
 * then offered as a link to save, so nothing heavy is held until someone wants it.
 */
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { download } from './data.js';
import { problemText } from './problem.js';

export function Download(props: {
  path: string;
  query?: Record<string, string> | undefined;
  fileName: string;
  label: string;
}) {
  const { t, i18n } = useTranslation('debt-creditor');
  const fetchIt = useMutation({ mutationFn: () => download(props.path, props.query) });
  if (fetchIt.data !== undefined)
    return (
      <a href={fetchIt.data} download={props.fileName} className="button dc-secondary">
        {t('debt-creditor:download.save', { name: props.fileName })}
      </a>
    );
  return (
    <>
      <button
        type="button"
        className="button dc-secondary"
        disabled={fetchIt.isPending}
        onClick={() => fetchIt.mutate()}
      >
        {props.label}
      </button>
      {fetchIt.isError ? (
        <span className="error" role="alert">
          {problemText(t, fetchIt.error, i18n.language)}
        </span>
      ) : null}
    </>
  );
}
