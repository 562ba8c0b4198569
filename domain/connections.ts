/**
 * Connections to departments' own systems (work orders): named in a definition's automated step,
 * configured by an administrator in a connections file (process-definitions/connections.yaml), with
 * the shared secret taken from the environment at start (config/connection-settings.ts).
 */

/** What the connections file says about one system. */
export interface ConnectionDocument {
  readonly title: string;
  /** Where work orders are POSTed; https (loopback http only outside production). */
  readonly url: string;
  /** The environment variable holding the shared HMAC secret: never the secret itself. */
  readonly secret: { readonly env: string };
  /** Case field → name in the work order. Only these fields leave CivicFlow. */
  readonly fields: Readonly<Record<string, string>>;
  /** Callback status the system sends → the definition event it raises on the case. */
  readonly events: Readonly<Record<string, string>>;
}

export interface ConnectionsDocument {
  readonly format: 'civicflow/connections-v1';
  readonly connections: Readonly<Record<string, ConnectionDocument>>;
}

/** A connection ready to use: its secret resolved (absent outside production when the variable is unset). */
export interface Connection extends ConnectionDocument {
  readonly name: string;
  readonly secretValue?: string;
}

export type Connections = Readonly<Record<string, Connection>>;

/** The activity an automated step names to send a work order (with `connection:`). */
export const WORK_ORDER_ACTIVITY = 'work-orders.send';

/** True for an http URL that stays on this machine (allowed outside production only). */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
