/**
 * Connections: the connections file is checked against its schema with positions, and a definition
 * whose work order names a connection the file does not have is refused at file:line:col.
 */
import path from 'node:path';
import { formatProblem } from '../format-problems';
import { loadDefinitionText } from '../load-definition';
import { connectionNames, loadConnectionsFileSync, loadConnectionsText } from '../load-connections';

const SHIPPED_CONNECTIONS = path.join(__dirname, '..', '..', 'connections', 'connections.yaml');

const definition = (connection: string) => `format: civicflow/v1
id: pothole-orders
version: 1.0.0
title: Pothole repair by work order
effectiveFrom: "2026-01-01"
caseData:
  type: object
  properties:
    address: { type: string }
    workOrderNumber: { type: string }
departments:
  streets: { title: Street Services }
roles:
  crew: { title: Crew, department: streets }
statuses:
  open: { label: Open }
outcomes:
  repaired: { label: Repaired, retention: routine, status: open }
retentionClasses:
  routine: { keep: P1Y }
events:
  work-order-completed: { title: The crew finished, from: external }
start: send
steps:
  send:
    type: automated
    activity: work-orders.send
    connection: ${connection}
    input: [address]
    output: [workOrderNumber]
    next: crew-works
  crew-works:
    type: wait
    role: crew
    on:
      - event: work-order-completed
        next: done
    sla: none
  done:
    type: end
    outcome: repaired
scenarios:
  - name: repaired
    activities: { work-orders.send: { output: { workOrderNumber: WO-1 } } }
    steps:
      - event: { type: work-order-completed }
    expect: { outcome: repaired }
`;

describe('connections', () => {
  it('the shipped connections file is valid and names streets-work-orders', () => {
    const loaded = loadConnectionsFileSync(SHIPPED_CONNECTIONS);
    expect(loaded.problems).toEqual([]);
    expect(connectionNames(loaded.document)).toEqual(['streets-work-orders']);
  });

  it('a connections file with a secret written in it is refused at its line and column', () => {
    const text = 'format: civicflow/connections-v1\nconnections:\n  streets:\n    title: Streets\n    url: https://streets.example/orders\n    secret: { env: STREETS_SECRET, value: hunter2 }\n    fields: { address: location }\n    events: { completed: work-order-completed }\n';
    const loaded = loadConnectionsText(text, 'connections.yaml');
    expect(loaded.ok).toBe(false);
    expect(loaded.problems.map(formatProblem)).toEqual([expect.stringMatching(/^connections\.yaml:6:\d+: error SCHEMA_UNKNOWN_PROPERTY /)]);
  });

  it('an unknown connection is an error at file:line:col, with the known ones', () => {
    const known = connectionNames(loadConnectionsFileSync(SHIPPED_CONNECTIONS).document);
    const bad = loadDefinitionText(definition('streets-workorders'), { file: 'pothole-orders.yaml', knownConnections: known });
    expect(bad.ok).toBe(false);
    expect(bad.problems.map(formatProblem)).toEqual([
      'pothole-orders.yaml:28:17: error CONNECTION_UNKNOWN "streets-workorders" is not a configured connection (known: streets-work-orders) (did you mean "streets-work-orders"?)',
    ]);
    const good = loadDefinitionText(definition('streets-work-orders'), { file: 'pothole-orders.yaml', knownConnections: known });
    expect(good.problems).toEqual([]);
    expect(good.compiled?.steps.send).toMatchObject({ task: { kind: 'activity', activity: 'work-orders.send', connection: 'streets-work-orders' } });
  });
});
