/**
 * Demo Services data, so `npm start` shows a marketplace with a history (issue 24): the providers of
 * services-providers.ts; the demo client's past appointments (booked, paid into escrow, marked done and confirmed
 * through the real flows on a clock set in the past, so the money, commissions and invoices are the ledger's own),
 * each reviewed, one review answered and one reported to the admins; and an open request with a quote waiting for the
 * client, with a short conversation (the client's phone number masked for the plumber until an appointment exists).
 * Written once (the demo_seed row), then left alone; the flows' idempotency keys make a replay harmless too.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../platform/db/database.js';
import type { NotificationService } from '../modules/notifications/service.js';
import type { WalletOperations } from '../modules/wallet/operations.js';
import { ServicesFlows } from '../modules/services/flows.js';
import { sendMessage } from '../modules/services/messages.js';
import { answerReview, createReview, reportReview } from '../modules/services/reviews.js';
import { demoAccounts } from './accounts.js';
import { demoProviders, seedDemoProviders, type DemoProvider } from './services-providers.js';
import { demoHubId } from './wallet.js';
import type { CardService } from '../modules/cards/cards.js';

const dayMs = 86_400_000;
const hourMs = 3_600_000;

function idOf(profile: string): string {
  const account = demoAccounts.find((a) => a.profile === profile);
  if (account === undefined) throw new Error(`no demo ${profile}`);
  return account.id;
}

function provider(n: number): DemoProvider {
  const p = demoProviders[n];
  if (p === undefined) throw new Error(`no demo provider ${String(n)}`);
  return p;
}

/** 10:00 in Abidjan (UTC) on the first Monday–Saturday at least `daysAfter` days after `from`. */
function workingMorning(from: Date, daysAfter: number): Date {
  let day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + daysAfter, 10));
  while (day.getUTCDay() === 0) day = new Date(day.getTime() + dayMs);
  return day;
}

const pastJobs = [
  {
    provider: 0,
    offer: 'Débouchage évier, lavabo ou WC',
    daysAgo: 12,
    stars: 5,
    body: 'Arrivé à l’heure, évier débouché en 30 minutes et tout nettoyé après. Je recommande Plomberie Kouassi.',
    answer: 'Merci beaucoup M. Ouattara, au plaisir de vous dépanner à nouveau à Cocody !',
  },
  {
    provider: 3,
    offer: 'Diagnostic de panne électrique',
    daysAgo: 8,
    stars: 4,
    body: 'Panne trouvée rapidement (un disjoncteur fatigué). Un peu de retard, mais travail sérieux.',
  },
  {
    provider: 5,
    offer: 'Tresses africaines (nattes, vanilles)',
    daysAgo: 5,
    stars: 5,
    body: 'Très belles vanilles, Awa est patiente et le salon est propre. Je reviendrai.',
    report: 'Cet avis me semble écrit par la coiffeuse elle-même.',
  },
] as const;

export async function seedDemoServices(
  db: Database,
  services: {
    ops: WalletOperations;
    notifications: NotificationService;
    publicUrl: string;
    log?: FastifyBaseLogger;
    /** Issues the providers' cards (the server passes its card service; tests may leave them without). */
    cards?: CardService;
  },
  now: Date = new Date(),
): Promise<{ seeded: boolean }> {
  const claimed = await db.pool.query("INSERT INTO demo_seed (name) VALUES ('services') ON CONFLICT DO NOTHING");
  if (claimed.rowCount === 0) return { seeded: false };
  const client = idOf('client');
  const partner = idOf('partner');
  await seedDemoProviders(db, services.cards);
  // Enough credits for the demo client's services, bought in cash at the demo counter like its other credits.
  await services.ops.buyCreditsWithCash(
    { actor: { accountId: partner, label: 'demo' }, scope: partner, idempotencyKey: 'demo-services-cash' },
    { accountId: client, hubId: demoHubId, amountXof: 100_000 },
  );

  // The flows on a clock the seed moves: each past job is booked, done and confirmed on its own days.
  let clock = now;
  const flows = new ServicesFlows(
    db,
    services.ops,
    services.notifications,
    services.publicUrl,
    () => clock,
    services.log,
  );
  for (const job of pastJobs) {
    const p = provider(job.provider);
    const offer = await db.pool.query<{ id: string; duration_minutes: number }>(
      'SELECT id, duration_minutes FROM service_offers WHERE provider_id = $1 AND title = $2 AND active',
      [p.id, job.offer],
    );
    const offerRow = offer.rows[0];
    if (offerRow === undefined) throw new Error(`demo offer ${job.offer} missing`);
    clock = new Date(now.getTime() - (job.daysAgo + 3) * dayMs);
    const startsAt = workingMorning(clock, 2);
    const appointment = await flows.appointments.bookOffer(
      client,
      { offerId: offerRow.id, startsAt: startsAt.toISOString(), commune: p.communes[0] },
      `demo-services-past-${String(job.provider)}`,
    );
    clock = new Date(startsAt.getTime() + offerRow.duration_minutes * 60_000);
    await flows.escrow.markDone(p.id, appointment.id);
    clock = new Date(clock.getTime() + 2 * hourMs);
    await flows.escrow.confirm(client, appointment.id);
    const review = await createReview(
      db,
      client,
      appointment.id,
      { stars: job.stars, body: job.body },
      new Date(clock.getTime() + hourMs),
    );
    if ('answer' in job) await answerReview(db, p.id, review.id, job.answer, new Date(clock.getTime() + 3 * hourMs));
    if ('report' in job) await reportReview(db, partner, review.id, job.report);
  }

  // Today: a leak in Cocody sent to two plumbers; Plomberie Kouassi has quoted, and they have exchanged two messages.
  clock = now;
  const plumber = provider(0);
  const request = await flows.requests.create(
    client,
    {
      providerIds: [plumber.id, provider(2).id],
      category: 'plumbing',
      description: 'Fuite sous l’évier de la cuisine : l’eau coule dès qu’on ouvre le robinet.',
      commune: 'Cocody',
      addressHint: 'Riviera 2, près de la pharmacie',
      wishedFrom: new Date(now.getTime() + dayMs).toISOString(),
      wishedTo: new Date(now.getTime() + 5 * dayMs).toISOString(),
    },
    'demo-services-request-1',
  );
  await sendMessage(db, services.notifications, services.publicUrl, client, request.id, plumber.id, {
    body: 'Bonjour, vous pouvez passer cette semaine ? Appelez-moi au 07 07 12 34 56 pour l’adresse exacte.',
  });
  await flows.requests.quote(plumber.id, request.id, {
    lines: [
      {
        label: 'Main-d’œuvre : réparation de la fuite',
        quantityMilli: 1_000,
        unitPriceXof: 15_000,
        taxGroup: 'CI-TVA-18',
      },
      { label: 'Siphon PVC et joints', quantityMilli: 2_000, unitPriceXof: 2_500, taxGroup: 'CI-TVA-18' },
    ],
    startsAt: workingMorning(now, 2).toISOString(),
    durationMinutes: 90,
    validDays: 7,
    note: 'Pièces comprises. Je vérifie aussi le robinet.',
  });
  await sendMessage(db, services.notifications, services.publicUrl, plumber.id, request.id, plumber.id, {
    body: 'Bonjour M. Ouattara, je vous ai envoyé un devis. Je peux venir après-demain matin à 10 h.',
  });
  return { seeded: true };
}
