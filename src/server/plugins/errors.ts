// Turns every error into {"error":{"code","message","details"}} with the right status. People never
// see a stack trace; the log always has the code and the company id.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../../domain/errors.ts';

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const companyId = request.actor?.companyId;
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ code: error.code, companyId, err: error }, error.message);
      else request.log.info({ code: error.code, companyId }, error.message);
      return reply.status(error.status).send({ error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({ path: v.instancePath || '', message: v.message ?? 'invalid' }));
      const first = issues[0];
      const where = first ? ` (${error.validationContext ?? 'body'}${first.path ? ' ' + first.path : ''}: ${first.message})` : '';
      return reply.status(400).send({ error: { code: 'invalid_input', message: `The request is not valid${where}.`, details: { issues } } });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ code: 'internal.response_shape', companyId, err: error }, 'response does not match its schema');
      return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side. The error is logged; try again or tell your administrator.' } });
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status < 500) {
      const code = error.code === 'FST_REQ_FILE_TOO_LARGE' || status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 429 ? 'rate_limited' : 'bad_request';
      return reply.status(status).send({ error: { code, message: error.message } });
    }
    request.log.error({ code: 'internal', companyId, err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side. The error is logged; try again or tell your administrator.' } });
  });

}
