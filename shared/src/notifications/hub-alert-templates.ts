/**
 * Notification texts of hub alerts (issue 28.5), French and English: a counter's hub has a problem (its sales are
 * not reaching the cloud, the cloud refused some, its revocation list is old, its clock is off, a printer has had no
 * paper for a while, or it has gone silent), and the same incident cleared. Sent to the establishment's partner and
 * to the agency chief (by e-mail, SMS and push: a counter that stops syncing must reach them wherever they are).
 */
import { Type } from '@sinclair/typebox';
import type { NotificationChannel, NotificationEventData } from './events.js';

interface Copy {
  readonly subject: string;
  readonly paragraphs: readonly string[];
  readonly sms: string;
  readonly title: string;
  readonly body: string;
}

export const hubAlertKinds = [
  'outbox_stale',
  'dead_letters',
  'revocations_stale',
  'clock_off',
  'paper_out',
  'silent',
] as const;
export type HubAlertKind = (typeof hubAlertKinds)[number];

/** The data of both events: `detail` is what was measured ("3 op., 42 min"); `link` the portal's hubs page. */
const hubAlertEventSchema = Type.Object({
  firstName: Type.String({ minLength: 1, maxLength: 100 }),
  hubName: Type.String({ minLength: 1, maxLength: 80 }),
  kind: Type.Union(hubAlertKinds.map((k) => Type.Literal(k))),
  detail: Type.String({ minLength: 1, maxLength: 120 }),
  link: Type.String({ minLength: 1, maxLength: 500 }),
});
/** Registered in events.ts: an incident opened, and the same incident cleared. */
export const hubAlertEventSchemas = {
  'hub.alert_opened': hubAlertEventSchema,
  'hub.alert_cleared': hubAlertEventSchema,
};
const everywhere: readonly NotificationChannel[] = ['email', 'sms', 'push', 'in_app'];
export const hubAlertEventPolicies = {
  'hub.alert_opened': { category: 'transactional', channels: everywhere },
  'hub.alert_cleared': { category: 'transactional', channels: everywhere },
} as const;

type HubAlertEvent = 'hub.alert_opened' | 'hub.alert_cleared';
type HubAlertTemplates = { readonly [T in HubAlertEvent]: (data: NotificationEventData<T>) => Copy };

const problemFr: Readonly<Record<HubAlertKind, string>> = {
  outbox_stale: 'des ventes ne remontent plus au cloud',
  dead_letters: 'des opérations ont été refusées par le cloud',
  revocations_stale: 'la liste des cartes révoquées est trop ancienne',
  clock_off: "l'horloge de la caisse est décalée",
  paper_out: "une imprimante n'a plus de papier",
  silent: 'la caisse ne donne plus de nouvelles',
};

const problemEn: Readonly<Record<HubAlertKind, string>> = {
  outbox_stale: 'sales are no longer reaching the cloud',
  dead_letters: 'the cloud refused some operations',
  revocations_stale: 'the revoked cards list is too old',
  clock_off: "the counter's clock is off",
  paper_out: 'a printer is out of paper',
  silent: 'the counter has gone silent',
};

export const hubAlertFr: HubAlertTemplates = {
  'hub.alert_opened': (d) => ({
    subject: `Caisse « ${d.hubName} » : ${problemFr[d.kind]}`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Sur la caisse « ${d.hubName} », ${problemFr[d.kind]} (${d.detail}).`,
      `Vous serez prévenu quand ce sera rétabli. État des caisses : ${d.link}`,
    ],
    sms: `ISMAIL : caisse ${d.hubName}, ${problemFr[d.kind]} (${d.detail}).`,
    title: `Caisse ${d.hubName} : incident`,
    body: `${problemFr[d.kind]} (${d.detail})`,
  }),
  'hub.alert_cleared': (d) => ({
    subject: `Caisse « ${d.hubName} » : rétabli`,
    paragraphs: [
      `Bonjour ${d.firstName},`,
      `Sur la caisse « ${d.hubName} », l'incident est terminé : ${problemFr[d.kind]} (${d.detail}) n'est plus le cas.`,
      d.link,
    ],
    sms: `ISMAIL : caisse ${d.hubName}, incident terminé (${problemFr[d.kind]}).`,
    title: `Caisse ${d.hubName} : rétabli`,
    body: `Terminé : ${problemFr[d.kind]}`,
  }),
};

export const hubAlertEn: HubAlertTemplates = {
  'hub.alert_opened': (d) => ({
    subject: `Counter "${d.hubName}": ${problemEn[d.kind]}`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `On the counter "${d.hubName}", ${problemEn[d.kind]} (${d.detail}).`,
      `You will be told when it is resolved. Counters' state: ${d.link}`,
    ],
    sms: `ISMAIL: counter ${d.hubName}, ${problemEn[d.kind]} (${d.detail}).`,
    title: `Counter ${d.hubName}: incident`,
    body: `${problemEn[d.kind]} (${d.detail})`,
  }),
  'hub.alert_cleared': (d) => ({
    subject: `Counter "${d.hubName}": resolved`,
    paragraphs: [
      `Hello ${d.firstName},`,
      `On the counter "${d.hubName}", the incident is over: ${problemEn[d.kind]} (${d.detail}) no longer holds.`,
      d.link,
    ],
    sms: `ISMAIL: counter ${d.hubName}, incident over (${problemEn[d.kind]}).`,
    title: `Counter ${d.hubName}: resolved`,
    body: `Over: ${problemEn[d.kind]}`,
  }),
};
