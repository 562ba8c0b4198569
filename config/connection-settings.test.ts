/** Connection settings: https in production, loopback http only outside it, secrets from the environment. */
import type { ConnectionsDocument } from '../domain/connections';
import { ConfigError } from './config-error';
import { resolveConnections } from './connection-settings';

const SECRET = 's'.repeat(40);
const doc = (url: string): ConnectionsDocument => ({
  format: 'civicflow/connections-v1',
  connections: {
    streets: {
      title: 'Streets',
      url,
      secret: { env: 'STREETS_SECRET' },
      fields: { address: 'location' },
      events: { completed: 'work-order-completed' },
    },
  },
});
const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => `${p.variable}: ${p.message}`);
  }
};

describe('resolveConnections', () => {
  it('takes the secret from the environment, never from the file', () => {
    const resolved = resolveConnections(
      doc('https://streets.example/orders'),
      { STREETS_SECRET: SECRET },
      'production',
    );
    expect(resolved.streets).toMatchObject({ name: 'streets', secretValue: SECRET, secret: { env: 'STREETS_SECRET' } });
  });

  it('requires https in production; loopback http is allowed only in development and test', () => {
    expect(
      problemsOf(() =>
        resolveConnections(doc('http://127.0.0.1:9000/orders'), { STREETS_SECRET: SECRET }, 'production'),
      ),
    ).toEqual(['connections.streets: url must be https in production']);
    expect(
      problemsOf(() => resolveConnections(doc('http://127.0.0.1:9000/orders'), { STREETS_SECRET: SECRET }, 'test')),
    ).toEqual([]);
    expect(
      problemsOf(() =>
        resolveConnections(doc('http://streets.example/orders'), { STREETS_SECRET: SECRET }, 'development'),
      ),
    ).toEqual(['connections.streets: url must be https (plain http only to localhost, outside production)']);
  });

  it('refuses a short secret and leaves a connection without one unusable', () => {
    expect(
      problemsOf(() =>
        resolveConnections(doc('https://streets.example/orders'), { STREETS_SECRET: 'short' }, 'production'),
      ),
    ).toEqual(['STREETS_SECRET: the secret of connection "streets" must be at least 32 characters']);
    expect(
      resolveConnections(doc('https://streets.example/orders'), {}, 'production').streets.secretValue,
    ).toBeUndefined();
  });
});
