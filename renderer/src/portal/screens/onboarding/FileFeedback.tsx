/** What the phone says about the chosen file, before sending: name and size, refusal, preview, dark and blur hints. */
import { useTranslation } from 'react-i18next';
import type { FileVerdict } from './file-check.js';
import { formatSize } from './wizard-state.js';

export function FileFeedback(props: {
  readonly file: File;
  readonly verdict: FileVerdict | null;
  readonly maxBytes: number;
}) {
  const { file, verdict } = props;
  const { t, i18n } = useTranslation('onboarding');
  const language = i18n.language;
  const hints = verdict?.ok === true ? verdict.quality : null;
  return (
    <div className="file-feedback" role="status" data-testid="file-feedback">
      <p className="file-name">
        {t('onboarding:document.selected', { name: file.name, size: formatSize(file.size, language) })}
      </p>
      {verdict?.ok === false && (
        <p className="error">
          {verdict.problem === 'tooLarge'
            ? t('onboarding:document.tooLarge', {
                size: formatSize(file.size, language),
                max: formatSize(props.maxBytes, language),
              })
            : t(`onboarding:document.${verdict.problem}`)}
        </p>
      )}
      {verdict?.ok === true && verdict.previewUrl !== null && (
        <img className="file-preview" src={verdict.previewUrl} alt={t('onboarding:document.preview')} />
      )}
      {verdict?.ok === true && hints === null && <p>{t('onboarding:document.pdf')}</p>}
      {hints?.dark === true && <p className="hint">{t('onboarding:document.dark')}</p>}
      {hints?.blurred === true && <p className="hint">{t('onboarding:document.blurred')}</p>}
      {hints !== null && !hints.dark && !hints.blurred && <p className="good">{t('onboarding:document.good')}</p>}
    </div>
  );
}
