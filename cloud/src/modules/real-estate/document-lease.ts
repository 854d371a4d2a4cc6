/**
 * The lease contract's text (issue 25), from a template: the parties with their ISMAIL IDs, the property, the money,
 * the dates, the revision clause and the rules of law 2018-575 in French, and the signature blocks. Also the rent
 * receipt (quittance) and the deposit's return. Pure text: document-pdf.ts draws it.
 */
import { addMonthsToDay, formatXof, leaseLaw, revisionNoticeBy } from '@ismail/shared';
import { dayFr, renderDocumentPdf, type DocBlock } from './document-pdf.js';

/** What every document of a lease states: read once from the lease, its listing and both accounts. */
export interface LeaseFacts {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly commune: string;
  readonly neighbourhood: string;
  readonly areaM2: number;
  readonly rooms: number;
  readonly landlordName: string;
  readonly landlordIsmailId: string;
  readonly tenantName: string;
  readonly tenantIsmailId: string;
  readonly rentXof: number;
  readonly chargesXof: number;
  readonly depositXof: number;
  readonly advanceXof: number;
  readonly startsOn: string;
  readonly durationMonths: number;
  readonly revisionOn: string;
  readonly paymentDay: number;
  readonly graceDays: number;
  readonly createdAt: Date;
}

const kindsFr: Readonly<Record<string, string>> = {
  apartment: 'Appartement',
  house: 'Maison',
  villa: 'Villa',
  studio: 'Studio',
  land: 'Terrain',
  office: 'Bureau',
  shop: 'Local commercial',
};

const footerOf = (lease: LeaseFacts): string => `Bail ISMAIL ${lease.id}`;

export function leaseContractPdf(lease: LeaseFacts): Promise<Buffer> {
  // The last day of the lease: the day before the same date `durationMonths` later (1 January → 31 December).
  const endsOn = new Date(Date.parse(`${addMonthsToDay(lease.startsOn, lease.durationMonths)}T00:00:00Z`) - 86_400_000)
    .toISOString()
    .slice(0, 10);
  const blocks: DocBlock[] = [
    { type: 'title', text: 'Contrat de bail à usage d’habitation' },
    {
      type: 'text',
      text: `Établi dans le portail ISMAIL le ${dayFr(lease.createdAt.toISOString().slice(0, 10))}, référence ${lease.id}. Régi par la loi n° 2018-575 du 13 juin 2018 relative au bail à usage d’habitation (Code de la construction et de l’habitat).`,
      small: true,
    },
    { type: 'heading', text: '1. Les parties' },
    {
      type: 'pairs',
      pairs: [
        ['Le bailleur', `${lease.landlordName} (ISMAIL ID ${lease.landlordIsmailId})`],
        ['Le locataire', `${lease.tenantName} (ISMAIL ID ${lease.tenantIsmailId})`],
      ],
    },
    { type: 'heading', text: '2. Le logement' },
    {
      type: 'pairs',
      pairs: [
        ['Désignation', lease.title],
        ['Type', kindsFr[lease.kind] ?? lease.kind],
        ['Adresse', [lease.neighbourhood, lease.commune].filter((s) => s !== '').join(', ')],
        ['Surface', `${String(lease.areaM2)} m²`],
        ['Pièces', String(lease.rooms)],
      ],
    },
    { type: 'heading', text: '3. Durée' },
    {
      type: 'text',
      text: `Le bail prend effet le ${dayFr(lease.startsOn)} pour ${String(lease.durationMonths)} mois, soit jusqu’au ${dayFr(endsOn)}.`,
    },
    { type: 'heading', text: '4. Loyer, charges, caution et avance' },
    {
      type: 'pairs',
      pairs: [
        ['Loyer mensuel', formatXof(lease.rentXof)],
        ['Charges mensuelles', formatXof(lease.chargesXof)],
        ['Total mensuel', formatXof(lease.rentXof + lease.chargesXof)],
        ['Caution (dépôt de garantie)', formatXof(lease.depositXof)],
        ['Avance sur loyer', formatXof(lease.advanceXof)],
        ['Total dû à l’entrée', formatXof(lease.depositXof + lease.advanceXof)],
      ],
    },
    {
      type: 'text',
      text: `Le loyer et les charges sont payables chaque mois au plus tard le ${String(lease.paymentDay)} (le premier mois à la date d’effet), depuis le portefeuille ISMAIL du locataire ou en espèces / mobile money contre quittance. Un loyer impayé ${String(lease.graceDays)} jours après son échéance est en retard et peut faire l’objet d’un dossier de recouvrement.`,
    },
    { type: 'heading', text: '5. Révision du loyer' },
    {
      type: 'text',
      text: `Le loyer ne peut être révisé qu’à compter du ${dayFr(lease.revisionOn)}, le bailleur en informant le locataire par écrit au moins ${String(leaseLaw.revisionNoticeMonths)} mois à l’avance, soit au plus tard le ${dayFr(revisionNoticeBy(lease.revisionOn))}.`,
    },
    { type: 'heading', text: '6. Règles de la loi n° 2018-575 rappelées' },
    {
      type: 'bullets',
      items: [
        'Le bail est écrit ; chaque partie en conserve un exemplaire (ce document, téléchargeable dans le portail).',
        `La caution ne peut excéder ${String(leaseLaw.maxDepositMonths)} mois de loyer.`,
        `L’avance sur loyer ne peut excéder ${String(leaseLaw.maxAdvanceMonths)} mois de loyer.`,
        `Le loyer ne peut être révisé qu’après ${String(leaseLaw.revisionAfterYears)} ans, avec un préavis de ${String(leaseLaw.revisionNoticeMonths)} mois.`,
        `La caution est restituée dans un délai de ${String(leaseLaw.depositReturnDays)} jours à compter de la remise des clés, déduction faite des sommes justifiées dues au bailleur.`,
        'Le bailleur délivre une quittance pour chaque paiement de loyer.',
      ],
    },
    { type: 'heading', text: '7. Signatures' },
    {
      type: 'text',
      text: 'Chaque partie signe dans le portail ISMAIL : nom saisi, signature manuscrite, date, heure et adresse IP sont enregistrés avec l’empreinte SHA-256 de ce document, qui permet de vérifier qu’il n’a pas été modifié.',
      small: true,
    },
    {
      type: 'signatures',
      parties: [
        { label: 'Le bailleur', name: lease.landlordName, ismailId: lease.landlordIsmailId },
        { label: 'Le locataire', name: lease.tenantName, ismailId: lease.tenantIsmailId },
      ],
    },
  ];
  return renderDocumentPdf(`Bail ${lease.title}`, blocks, lease.createdAt, footerOf(lease));
}

const methodsFr = { wallet: 'portefeuille ISMAIL', cash: 'espèces', mobile_money: 'mobile money' } as const;

/** The quittance of one payment of a due. */
export function rentReceiptPdf(
  lease: LeaseFacts,
  payment: {
    id: string;
    period: string;
    amountXof: number;
    dueXof: number;
    paidXofAfter: number;
    method: keyof typeof methodsFr;
    paidAt: Date;
  },
): Promise<Buffer> {
  const month = `${payment.period.slice(5, 7)}/${payment.period.slice(0, 4)}`;
  const left = payment.dueXof - payment.paidXofAfter;
  const blocks: DocBlock[] = [
    { type: 'title', text: left === 0 ? 'Quittance de loyer' : 'Reçu de paiement partiel de loyer' },
    { type: 'text', text: `Référence du paiement ${payment.id}`, small: true },
    {
      type: 'text',
      text: `Je soussigné(e) ${lease.landlordName} (ISMAIL ID ${lease.landlordIsmailId}), bailleur du logement « ${lease.title} » (${lease.commune}), reconnais avoir reçu de ${lease.tenantName} (ISMAIL ID ${lease.tenantIsmailId}) la somme de ${formatXof(payment.amountXof)} au titre du loyer et des charges du mois ${month}.`,
    },
    {
      type: 'pairs',
      pairs: [
        ['Période', month],
        ['Loyer', formatXof(lease.rentXof)],
        ['Charges', formatXof(lease.chargesXof)],
        ['Montant de l’échéance', formatXof(payment.dueXof)],
        ['Montant reçu', formatXof(payment.amountXof)],
        ['Total reçu pour ce mois', formatXof(payment.paidXofAfter)],
        ['Reste dû pour ce mois', formatXof(left)],
        ['Moyen de paiement', methodsFr[payment.method]],
        ['Date', dayFr(payment.paidAt.toISOString().slice(0, 10))],
      ],
    },
    {
      type: 'text',
      text:
        left === 0
          ? 'Cette quittance libère le locataire du loyer et des charges de ce mois, sous réserve de tous autres droits.'
          : 'Ce reçu vaut pour le montant indiqué ; une quittance est délivrée lorsque le mois est entièrement payé.',
      small: true,
    },
  ];
  return renderDocumentPdf(`Quittance ${month} ${lease.title}`, blocks, payment.paidAt, footerOf(lease));
}

/** The statement of the deposit's return at the end of the lease. */
export function depositReturnPdf(
  lease: LeaseFacts,
  deposit: { amountXof: number; note: string; returnedAt: Date },
): Promise<Buffer> {
  const kept = lease.depositXof - deposit.amountXof;
  const blocks: DocBlock[] = [
    { type: 'title', text: 'Restitution de la caution' },
    {
      type: 'text',
      text: `${lease.landlordName} (ISMAIL ID ${lease.landlordIsmailId}) restitue à ${lease.tenantName} (ISMAIL ID ${lease.tenantIsmailId}) la caution du logement « ${lease.title} » (${lease.commune}).`,
    },
    {
      type: 'pairs',
      pairs: [
        ['Caution versée', formatXof(lease.depositXof)],
        ['Montant restitué', formatXof(deposit.amountXof)],
        ['Montant retenu', formatXof(kept)],
        ['Date', dayFr(deposit.returnedAt.toISOString().slice(0, 10))],
      ],
    },
    ...(deposit.note === '' ? [] : [{ type: 'text', text: `Motif / observations : ${deposit.note}` } as const]),
    {
      type: 'text',
      text: `Loi n° 2018-575 : la caution est restituée dans les ${String(leaseLaw.depositReturnDays)} jours de la remise des clés ; toute retenue doit être justifiée.`,
      small: true,
    },
  ];
  return renderDocumentPdf(`Caution ${lease.title}`, blocks, deposit.returnedAt, footerOf(lease));
}
