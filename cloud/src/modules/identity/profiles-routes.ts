/**
 * GET /v1/profiles: the seven profiles and their levels (SPEC 3.4), public reference data
 * the portal and the counter app use to label accounts.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorBodySchema, profileRequiresSecondFactor, profiles } from '@ismail/shared';

const ProfileListSchema = Type.Object({
  profiles: Type.Array(
    Type.Object({
      level: Type.Integer({ minimum: 1, maximum: 7 }),
      key: Type.String({ maxLength: 30 }),
      label: Type.Object({ fr: Type.String({ maxLength: 60 }), en: Type.String({ maxLength: 60 }) }),
      requiresSecondFactor: Type.Boolean(),
    }),
    { maxItems: 7 },
  ),
});

export async function profileRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/v1/profiles',
    {
      config: { access: 'public' },
      schema: {
        tags: ['reference'],
        summary: 'The seven ISMAIL profiles',
        operationId: 'listProfiles',
        response: { 200: ProfileListSchema, '4xx': ErrorBodySchema },
      },
    },
    () => ({
      profiles: profiles.map((p) => ({
        level: p.level,
        key: p.key,
        label: p.label,
        requiresSecondFactor: profileRequiresSecondFactor(p.key),
      })),
    }),
  );
}
