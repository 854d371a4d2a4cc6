/**
 * Devices on the shop LAN: managers register them (a one-time enrolment code) and revoke
 * them; a device enrols itself with its code and a CSR (no session: the code is its proof);
 * anyone on the LAN may read the CA certificate devices trust and the CRL it signs.
 * Schemas: shared/src/hub-api/devices.
 * Commands, the broker and doors: routes/device-control.ts; what devices reported: routes/device-records.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  hubBinaryResponse,
  HubDeviceEnrolledSchema,
  HubDeviceEnrolRequestSchema,
  HubDeviceListSchema,
  HubDeviceParamsSchema,
  HubDeviceRegisteredSchema,
  HubDeviceRegisterRequestSchema,
  HubDeviceRevokeRequestSchema,
  HubDeviceSchema,
  HubErrorResponses,
} from '@ismail/shared';
import { principalOf, type HubAuth } from '../http/hub-auth.js';
import type { DeviceCa } from '../iot/device-ca.js';
import type { DeviceCrl } from '../iot/device-crl.js';
import type { DeviceRegistry } from '../iot/devices.js';
import type { RunningBroker } from '../iot/broker.js';

export function deviceRoutes(options: {
  auth: HubAuth;
  devices: DeviceRegistry;
  ca: DeviceCa;
  crl: DeviceCrl;
  broker: () => RunningBroker | null;
}) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const errors = HubErrorResponses;
    const manager = { onRequest: options.auth.guard('manager') };
    const cashier = { onRequest: options.auth.guard('cashier') };

    app.post(
      '/api/v1/devices',
      {
        ...manager,
        schema: { body: HubDeviceRegisterRequestSchema, response: { 201: HubDeviceRegisteredSchema, ...errors } },
      },
      async (request, reply) =>
        reply.status(201).send(options.devices.register(request.body, principalOf(request).accountId)),
    );

    app.post(
      '/api/v1/devices/:deviceId/enroll',
      {
        schema: {
          params: HubDeviceParamsSchema,
          body: HubDeviceEnrolRequestSchema,
          response: { 200: HubDeviceEnrolledSchema, ...errors },
        },
      },
      async (request) => {
        const issued = await options.devices.enrol(request.params.deviceId, {
          code: request.body.code,
          csrPem: request.body.csr,
        });
        return { ...issued, broker: { port: options.broker()?.port ?? null } };
      },
    );

    app.post(
      '/api/v1/devices/:deviceId/revoke',
      {
        ...manager,
        schema: {
          params: HubDeviceParamsSchema,
          body: HubDeviceRevokeRequestSchema,
          response: { 200: HubDeviceSchema, ...errors },
        },
      },
      async (request) =>
        options.devices.revoke(request.params.deviceId, principalOf(request).accountId, request.body.reason),
    );

    app.get(
      '/api/v1/devices',
      { ...cashier, schema: { response: { 200: HubDeviceListSchema, ...errors } } },
      async () => ({ devices: options.devices.list() }),
    );

    app.get(
      '/api/v1/devices/ca',
      {
        schema: {
          response: {
            200: hubBinaryResponse(['application/x-pem-file'], 'The CA certificate devices trust (PEM)'),
            ...errors,
          },
        },
      },
      async (_request, reply) => reply.type('application/x-pem-file').send(options.ca.caCertificatePem),
    );

    // The revoked device certificates, signed by the CA above (public like it: the signature is the proof).
    app.get(
      '/api/v1/devices/crl',
      {
        schema: {
          response: {
            200: hubBinaryResponse(['application/pkix-crl'], 'The revoked device certificates (X.509 CRL, DER)'),
            ...errors,
          },
        },
      },
      async (_request, reply) =>
        reply
          .type('application/pkix-crl')
          .header('cache-control', 'no-cache')
          .send(Buffer.from(await options.crl.current())),
    );
  };
}
