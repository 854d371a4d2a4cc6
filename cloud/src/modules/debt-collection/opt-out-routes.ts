/**
 * A debtor's say on reminders (issue 26): GET/PUT /v1/debt-collection/contact-preferences for an account (its own
 * debtor key, whatever the creditor), and the signed public link every reminder carries (GET
 * /v1/debt-collection/opt-out?token=), which turns that reminder's channel off for its debtor. A forged or altered link
 * is refused and changes nothing. Each change is audited.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, reminderChannels } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { withErrors } from '../../platform/http/schemas.js';
import { ownerOf } from '../identity/request-owner.js';
import { optedOutChannels, readOptOutToken, setOptedOut } from './opt-outs.js';

const access = (action: 'read' | 'modify') =>
  ({ resource: 'debt_collection', action, needsSecondFactor: false }) as const;
const tags = ['debt-collection'];
const Channels = Type.Array(Type.Union(reminderChannels.map((c) => Type.Literal(c))), {
  maxItems: 3,
  uniqueItems: true,
});
const Preferences = Type.Object({ optedOut: Channels });
const channelNames = { sms: 'SMS', email: 'e-mail', push: 'notification' } as const;

const page = (text: string): string =>
  `<!doctype html><html lang="fr"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>ISMAIL</title><p>${text}</p></html>`;

export function optOutRoutes(db: Database, linkKey: Buffer, now: () => Date) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/debt-collection/contact-preferences',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'The reminder channels I turned off as a debtor (for every creditor)',
          operationId: 'debtContactPreferences',
          response: withErrors({ 200: Preferences }),
        },
      },
      async (request) => ({ optedOut: await optedOutChannels(db.pool, `a:${await ownerOf(db, request)}`) }),
    );
    app.put(
      '/v1/debt-collection/contact-preferences',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Turn reminder channels off (or on again) as a debtor, for every creditor',
          operationId: 'setDebtContactPreferences',
          body: Type.Object({ optedOut: Channels }, { additionalProperties: false }),
          response: withErrors({ 200: Preferences }),
        },
      },
      async (request) => {
        const me = await ownerOf(db, request);
        const debtorKey = `a:${me}`;
        await withTransaction(db.pool, async (client) => {
          await setOptedOut(client, debtorKey, request.body.optedOut, now());
          await appendAudit(client, {
            actor: { accountId: me, label: `account:${me}` },
            action: 'debt_collection.contact_preferences',
            subject: { type: 'account', id: me },
            place: 'cloud',
            detail: { optedOut: request.body.optedOut },
          });
        });
        return { optedOut: await optedOutChannels(db.pool, debtorKey) };
      },
    );
    app.get(
      '/v1/debt-collection/opt-out',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Signed link in a reminder: stop reminders on its channel (a short French page)',
          operationId: 'debtOptOut',
          querystring: Type.Object({ token: Type.String({ maxLength: 100 }) }),
        },
      },
      async (request, reply) => {
        const named = readOptOutToken(linkKey, request.query.token);
        if (named === null) throw new AppError('FORBIDDEN', 'Ce lien de désinscription n’est pas valide.');
        const done = await withTransaction(db.pool, async (client) => {
          const { rows } = await client.query<{ debtor_key: string }>(
            'SELECT debtor_key FROM collection_reminders WHERE id = $1',
            [named.reminderId],
          );
          const debtorKey = rows[0]?.debtor_key;
          if (debtorKey === undefined) return false;
          await client.query(
            'INSERT INTO collection_opt_outs (debtor_key, channel, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
            [debtorKey, named.channel, now()],
          );
          await appendAudit(client, {
            actor: { label: 'link:debt-opt-out' },
            action: 'debt_collection.opt_out',
            subject: { type: 'collection_reminder', id: named.reminderId },
            place: 'cloud',
            detail: { channel: named.channel },
          });
          return true;
        });
        if (!done) throw new AppError('NOT_FOUND', 'Ce lien de désinscription ne correspond à aucune relance.');
        return reply
          .type('text/html; charset=utf-8')
          .send(
            page(
              `C’est noté : vous ne recevrez plus de relances de paiement par ${channelNames[named.channel]}. Vos dettes restent dues ; vous pouvez les consulter dans votre espace ISMAIL.`,
            ),
          );
      },
    );
  };
}
