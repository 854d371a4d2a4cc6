/**
 * /v1/debt-collection/scenarios (issue 26): a creditor's reminder scenarios, listed with the built-in one, made and
 * edited by the partner (its staff act for it; read-only staff read). Other profiles are refused before the body is
 * read, so the access matrix sees 403, not 400.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { defaultScenarioSteps, scenarioStepSchema, scenarioStepsSchema } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { partnerOf } from '../identity/request-owner.js';
import { createScenario, listScenarios, updateScenario } from './scenarios.js';

const access = (action: 'read' | 'write' | 'modify') =>
  ({ resource: 'debt_collection', action, needsSecondFactor: false }) as const;
const tags = ['debt-collection'];
const partnersOnly = 'Réservé aux créanciers (comptes partenaires).';

const ScenarioSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  steps: Type.Array(scenarioStepSchema),
  isDefault: Type.Boolean(),
});
const ScenarioBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    steps: scenarioStepsSchema,
    isDefault: Type.Boolean(),
  },
  { additionalProperties: false },
);

export function scenarioRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('preValidation', async (request) => {
      await partnerOf(db, request, partnersOnly);
    });
    const actor = (request: Parameters<typeof principalOf>[0]) => principalOf(request).principal.accountId;

    app.get(
      '/v1/debt-collection/scenarios',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'My reminder scenarios, and the built-in one files follow when I have no default',
          operationId: 'debtScenarios',
          response: withErrors({
            200: Type.Object({ scenarios: Type.Array(ScenarioSchema), builtIn: Type.Array(scenarioStepSchema) }),
          }),
        },
      },
      async (request) => ({
        scenarios: await listScenarios(db, await partnerOf(db, request, partnersOnly)),
        builtIn: [...defaultScenarioSteps],
      }),
    );
    app.post(
      '/v1/debt-collection/scenarios',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Make a reminder scenario (steps by days from the due date); one default per creditor',
          operationId: 'createDebtScenario',
          body: ScenarioBody,
          response: withErrors({ 201: Type.Object({ scenario: ScenarioSchema }) }),
        },
      },
      async (request, reply) => {
        const creditor = await partnerOf(db, request, partnersOnly);
        const scenario = await createScenario(db, creditor, actor(request), request.body);
        return reply.status(201).send({ scenario });
      },
    );
    app.put(
      '/v1/debt-collection/scenarios/:scenarioId',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Change one of my reminder scenarios (files already past a step keep it behind them)',
          operationId: 'updateDebtScenario',
          params: Type.Object({ scenarioId: Uuid }),
          body: ScenarioBody,
          response: withErrors({ 200: Type.Object({ scenario: ScenarioSchema }) }),
        },
      },
      async (request) => {
        const creditor = await partnerOf(db, request, partnersOnly);
        return {
          scenario: await updateScenario(db, creditor, actor(request), request.params.scenarioId, request.body),
        };
      },
    );
  };
}
