/**
 * `POST /api/v1/channels/sms`: the SMS gateway's webhook for incoming texts. Signed: the gateway
 * sends `X-CivicFlow-Timestamp` (Unix seconds) and `X-CivicFlow-Signature: sha256=<hex HMAC of
 * "timestamp.body" with INBOUND_SMS_SECRET>`; anything unsigned, mis-signed or older than five minutes
 * is 401 and touches nothing. Body `{ messageId, from, text }`; the answer `{ outcome, reply? }`
 * carries the text for the gateway to send back. Without INBOUND_SMS_SECRET the route is 404.
 */
import { Router } from '@koa/router';
import { ApiError } from '../errors/api-error';
import { createSmsIntake, type IncomingSms } from '../inbound/sms-intake';
import { verifySmsSignature } from '../inbound/sms-rules';
import { readRawBody } from '../middleware/body';
import type { RouteDeps } from './route-deps';

function parseSms(body: Buffer): IncomingSms {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError('MALFORMED_JSON', 'the body must be JSON');
  }
  const sms = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const { messageId, from, text } = sms;
  if (typeof messageId !== 'string' || messageId === '' || messageId.length > 200)
    throw new ApiError('VALIDATION_FAILED', 'messageId must be a string of 1-200 characters', { field: 'messageId' });
  if (typeof from !== 'string' || !/^\+[1-9]\d{6,14}$/.test(from))
    throw new ApiError('VALIDATION_FAILED', 'from must be an E.164 phone number', { field: 'from' });
  if (typeof text !== 'string' || text.length > 2000)
    throw new ApiError('VALIDATION_FAILED', 'text must be a string of at most 2000 characters', { field: 'text' });
  return { messageId, from, text };
}

export function smsWebhookRoutes(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api/v1/channels' });
  const secret = deps.config.inboundMail.smsWebhookSecret;
  const intake = createSmsIntake({
    db: deps.db,
    clock: deps.clock,
    agency: deps.config.agency,
    residents: deps.residents,
  });
  router.post('/sms', async (ctx) => {
    if (secret === undefined) throw new ApiError('NOT_FOUND', 'SMS in is not configured');
    const body = await readRawBody(ctx, 16 * 1024);
    const signed = verifySmsSignature(
      secret,
      { timestamp: ctx.get('x-civicflow-timestamp'), signature: ctx.get('x-civicflow-signature') },
      body,
      deps.clock(),
    );
    if (!signed) throw new ApiError('UNAUTHENTICATED', 'the request is not signed with the SMS webhook secret');
    ctx.body = await intake.receive(parseSms(body));
  });
  return router;
}
