/**
 * SMS through an HTTP gateway: a JSON POST `{to, body, idempotencyKey}` with a bearer token and an
 * `Idempotency-Key` header. 2xx is sent; 4xx is the provider refusing this message (permanent),
 * except the statuses that mean "not now" (408, 409, 425, 429) and a refused token (401, 403: the
 * deployment is wrong, not the message); 5xx, timeouts and network errors are retryable.
 */
import { NotificationError } from '../notification-error';
import { checkPhoneNumber } from './recipient-address';
import type { SentSms, SmsMessage, SmsProvider } from './sms-provider';

export interface HttpSmsProviderOptions {
  readonly url: string;
  /** Bearer token; omitted when the gateway authenticates otherwise (e.g. a secret in the URL). */
  readonly token?: string;
  /** Whole-request timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** Sender id or number, passed through as `from` when set. */
  readonly from?: string;
}

const TRANSIENT_4XX = new Set([401, 403, 408, 409, 425, 429]);

/** Reads the provider's message id from a JSON reply (`id`, `messageId` or `sid`), if any. */
function messageIdOf(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed === null || typeof parsed !== 'object') return undefined;
    for (const key of ['messageId', 'id', 'sid']) {
      const value = (parsed as Record<string, unknown>)[key];
      if (typeof value === 'string' || typeof value === 'number') return String(value);
    }
  } catch {
    // A non-JSON success body is fine: the status code is what counts.
  }
  return undefined;
}

function describeError(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    const cause = 'cause' in error ? describeCause(error.cause) : '';
    return cause ? `${error.message} (${cause})` : error.message;
  }
  return String(error);
}

function describeCause(cause: unknown): string {
  if (cause !== null && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string')
    return cause.code;
  return '';
}

export function createHttpSmsProvider(options: HttpSmsProviderOptions): SmsProvider {
  const endpoint = new URL(options.url);
  if (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:')
    throw new Error(`SMS provider URL must be http(s): ${options.url}`);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(message: SmsMessage): Promise<SentSms> {
      const to = checkPhoneNumber(message.to);
      let response: Response;
      let body: string;
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = message.signal ? AbortSignal.any([message.signal, timeout]) : timeout;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: {
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
            'content-type': 'application/json',
            accept: 'application/json',
            'idempotency-key': message.idempotencyKey,
          },
          body: JSON.stringify({
            to,
            body: message.body,
            idempotencyKey: message.idempotencyKey,
            ...(options.from ? { from: options.from } : {}),
          }),
          signal,
          redirect: 'error',
        });
        body = await response.text();
      } catch (error) {
        // The signal, not the error's class, tells a timeout apart: fetch's DOMException may come from another realm.
        const timedOut = timeout.aborted;
        throw new NotificationError(
          'DELIVERY_UNAVAILABLE',
          timedOut
            ? `SMS not sent: the provider did not answer within ${timeoutMs} ms`
            : `SMS not sent: ${describeError(error)}`,
          { timedOut },
          { cause: error },
        );
      }
      if (response.ok) return { messageId: messageIdOf(body) };
      const excerpt = body.slice(0, 300);
      const details: Record<string, string | number> = { httpStatus: response.status };
      const retryAfter = Number(response.headers.get('retry-after'));
      if (Number.isFinite(retryAfter) && retryAfter > 0) details.retryAfterSeconds = retryAfter;
      const permanent = response.status >= 400 && response.status < 500 && !TRANSIENT_4XX.has(response.status);
      throw new NotificationError(
        permanent ? 'DELIVERY_REJECTED' : 'DELIVERY_UNAVAILABLE',
        `SMS not sent: provider answered ${response.status}${excerpt ? `: ${excerpt}` : ''}`,
        details,
      );
    },
  };
}
