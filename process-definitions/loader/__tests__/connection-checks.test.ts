/**
 * Connections: the connections file is checked against its schema with positions, and a definition
 * whose work order names a connection the file does not have is refused at file:line:col.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatProblem } from '../format-problems';
import { loadDefinitionText } from '../load-definition';
import { connectionNames, loadConnectionsFileSync, loadConnectionsText } from '../load-connections';

const SHIPPED_CONNECTIONS = path.join(__dirname, '..', '..', 'connections', 'connections.yaml');

const FIXTURE = readFileSync(
  path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'definitions', 'work-order-pothole.yaml'),
  'utf8',
);
const definition = (connection: string) =>
  FIXTURE.replace('connection: streets-work-orders', `connection: ${connection}`);

describe('connections', () => {
  it('the shipped connections file is valid and names streets-work-orders', () => {
    const loaded = loadConnectionsFileSync(SHIPPED_CONNECTIONS);
    expect(loaded.problems).toEqual([]);
    expect(connectionNames(loaded.document)).toEqual(['streets-work-orders']);
  });

  it('a connections file with a secret written in it is refused at its line and column', () => {
    const text =
      'format: civicflow/connections-v1\nconnections:\n  streets:\n    title: Streets\n    url: https://streets.example/orders\n    secret: { env: STREETS_SECRET, value: hunter2 }\n    fields: { address: location }\n    events: { completed: work-order-completed }\n';
    const loaded = loadConnectionsText(text, 'connections.yaml');
    expect(loaded.ok).toBe(false);
    expect(loaded.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^connections\.yaml:6:\d+: error SCHEMA_UNKNOWN_PROPERTY /),
    ]);
  });

  it('an unknown connection is an error at file:line:col, with the known ones', () => {
    const known = connectionNames(loadConnectionsFileSync(SHIPPED_CONNECTIONS).document);
    const bad = loadDefinitionText(definition('streets-workorders'), {
      file: 'pothole-orders.yaml',
      knownConnections: known,
    });
    expect(bad.ok).toBe(false);
    expect(bad.problems.map(formatProblem)).toEqual([
      'pothole-orders.yaml:32:17: error CONNECTION_UNKNOWN "streets-workorders" is not a configured connection (known: streets-work-orders) (did you mean "streets-work-orders"?)',
    ]);
    const good = loadDefinitionText(definition('streets-work-orders'), {
      file: 'pothole-orders.yaml',
      knownConnections: known,
    });
    expect(good.problems).toEqual([]);
    expect(good.compiled?.steps.send).toMatchObject({
      task: { kind: 'activity', activity: 'work-orders.send', connection: 'streets-work-orders' },
    });
  });
});
