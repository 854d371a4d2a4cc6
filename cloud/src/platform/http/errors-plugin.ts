/**
 * The cloud's one HTTP error handler: every failure leaves as the shared error body with
 * a stable code (shared/http/error-response). Server faults are logged with their stack;
 * clients never see it.
 */
import type { FastifyInstance } from 'fastify';
import { AppError, toErrorResponse } from '@ismail/shared';

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    // A unique constraint that fires is a conflict with existing data (a duplicate email),
    // not our fault; its message (which names the constraint) still never reaches the client.
    const uniqueViolation = (error as { code?: unknown }).code === '23505';
    const response = toErrorResponse(uniqueViolation ? new AppError('CONFLICT') : error, request.id);
    if (response.isServerFault) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: response.body.error.code }, 'request refused');
    return reply.status(response.httpStatus).send(response.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const response = toErrorResponse(new AppError('NOT_FOUND'), request.id);
    return reply.status(response.httpStatus).send(response.body);
  });
}
