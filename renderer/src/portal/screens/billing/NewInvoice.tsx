/** A new manual invoice (lazy): the draft's form; saved, it opens as a draft to change and issue. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { createInvoice, type DraftDocument } from './data.js';
import { DraftForm } from './DraftForm.js';
import '../../styles/business.css';
import '../../styles/billing.css';

export function NewInvoice() {
  const { t } = useTranslation('billing');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (document: DraftDocument) => createInvoice(document),
    onSuccess: async ({ id }) => {
      await queryClient.invalidateQueries({ queryKey: ['billing', 'invoices'] });
      await navigate({ to: '/billing/$invoiceId', params: { invoiceId: id } });
    },
  });
  return (
    <section aria-labelledby="new-invoice-title" className="screen business billing">
      <h1 id="new-invoice-title">{t('billing:draft.newTitle')}</h1>
      <DraftForm
        initial={undefined}
        busy={create.isPending}
        submitLabel={t('billing:draft.save')}
        onSubmit={(document) => create.mutate(document)}
      />
      {create.isError ? (
        <p role="alert" className="error">
          {t('billing:draft.failed')}
        </p>
      ) : null}
      <Link to="/billing" search={{}}>
        {t('billing:back')}
      </Link>
    </section>
  );
}
