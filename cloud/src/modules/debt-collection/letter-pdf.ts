/**
 * The formal notice (mise en demeure) a scenario's `letter` step produces (issue 26): the creditor, the debtor, the
 * files with their amounts ("12 500 FCFA"), the eight days given and the mention of the OHADA injunction to pay. Drawn
 * with the lease documents' renderer (DejaVu Sans, a fixed date: the same snapshot always gives the same bytes), from
 * the figures frozen when the step ran, so it can be regenerated on demand and never changes after payments.
 */
import { formatXof } from '@ismail/shared';
import { dayFr, renderDocumentPdf, type DocBlock } from '../real-estate/document-pdf.js';

/** What the letter says, frozen in the task's event when the step ran. */
export interface LetterSnapshot {
  readonly taskId: string;
  /** YYYY-MM-DD, the Abidjan day the step ran. */
  readonly issuedOn: string;
  readonly creditorName: string;
  readonly debtorName: string;
  readonly debtorPhone: string | null;
  readonly debtorEmail: string | null;
  readonly text: string;
  readonly files: readonly {
    readonly label: string;
    readonly dueOn: string;
    readonly principalXof: number;
    readonly feesXof: number;
    readonly paidXof: number;
    readonly leftXof: number;
  }[];
}

/** Days the debtor is given before the creditor may seek an injunction to pay. */
export const noticeDays = 8;

export function formalNoticeBlocks(s: LetterSnapshot): DocBlock[] {
  const total = s.files.reduce((sum, f) => sum + f.leftXof, 0);
  const contact = [s.debtorPhone, s.debtorEmail].filter((c): c is string => c !== null && c !== '');
  return [
    { type: 'title', text: 'MISE EN DEMEURE DE PAYER' },
    {
      type: 'pairs',
      pairs: [
        ['Créancier', s.creditorName],
        ['Débiteur', s.debtorName],
        ...(contact.length > 0 ? [['Contact du débiteur', contact.join(' — ')] as const] : []),
        ['Date', dayFr(s.issuedOn)],
        ['Référence', s.taskId],
      ],
    },
    {
      type: 'text',
      text: `Madame, Monsieur ${s.debtorName},\n\nSauf erreur de notre part, les sommes ci-dessous restent dues à ${s.creditorName} malgré nos relances :`,
    },
    {
      type: 'bullets',
      items: s.files.map(
        (f) =>
          `${f.label} (échéance du ${dayFr(f.dueOn)}) : ${formatXof(f.principalXof)}${f.feesXof > 0 ? ` + frais ${formatXof(f.feesXof)}` : ''}${f.paidXof > 0 ? `, déjà payé ${formatXof(f.paidXof)}` : ''}, reste dû ${formatXof(f.leftXof)}`,
      ),
    },
    { type: 'pairs', pairs: [['Total restant dû', formatXof(total)]] },
    { type: 'text', text: s.text },
    {
      type: 'text',
      text: `Nous vous mettons en demeure de régler la somme de ${formatXof(total)} dans un délai de huit (${String(noticeDays)}) jours à compter de la réception de la présente. À défaut, le créancier pourra, sans autre avis, saisir la juridiction compétente d’une requête en injonction de payer, conformément aux articles 1 et suivants de l’Acte uniforme OHADA portant organisation des procédures simplifiées de recouvrement et des voies d’exécution, les frais de procédure restant à votre charge.`,
    },
    {
      type: 'text',
      text: 'Vous pouvez payer, proposer un échéancier ou contester cette dette depuis votre espace ISMAIL (« Mes dettes »).',
    },
    { type: 'text', text: `Pour ${s.creditorName}, par l’intermédiaire de la plateforme ISMAIL.`, small: true },
  ];
}

export function formalNoticePdf(s: LetterSnapshot): Promise<Buffer> {
  return renderDocumentPdf(
    'Mise en demeure de payer',
    formalNoticeBlocks(s),
    new Date(`${s.issuedOn}T00:00:00Z`),
    `ISMAIL — mise en demeure ${s.taskId}`,
  );
}
