/**
 * worker/main.ts as a process (the ts entry through ts-node, as `npm start` runs it; the compiled
 * dist/worker/main.js is the same code after tsc). With no TEMPORAL_ADDRESS it starts the embedded
 * server (durable, in DATABASE_URL's schema for it) and polls. It takes its activities' dependencies from
 * the configuration through the one builder `npm start` uses: a real SMTP server and a real HTTP SMS
 * gateway receive the notices, with the SMS token and sender and the AGENCY_* contact block.
 * SIGTERM shuts it down cleanly (exit code 0). Logs are JSON lines at LOG_LEVEL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { EMBEDDED_STORE_SCHEMA } from '../../config/embedded-store';
import { requireCompiled, loadDefinitionText } from '../../process-definitions/loader';
import { startCaseWorkflow } from '../../client/case-client';
import { startSmtpTestServer, type SmtpTestServer } from '../notifications/support/smtp-test-server';
import { caseBundleFile, createTestDatabase, type TestDatabase } from './support/case-harness';
import { waitFor } from '../support/until';

const DEFINITION = requireCompiled(
  loadDefinitionText(`
format: civicflow/v1
id: tree-trimming
version: 1.0.0
title: Street tree trimming request
effectiveFrom: "2026-01-01"
caseData:
  type: object
  required: [address]
  properties:
    address: { type: string, personal: true }
    residentEmail: { type: string, format: email, personal: true }
    residentPhone: { type: string, personal: true }
    crewNote: { type: string }
departments:
  urban-forestry: { title: Urban Forestry Division }
roles:
  tree-crew: { title: Tree crew lead, department: urban-forestry, seesPersonalData: [address] }
calendars:
  city:
    timeZone: America/Chicago
    businessHours:
      monday: [{ start: "08:00", end: "17:00" }]
      tuesday: [{ start: "08:00", end: "17:00" }]
      wednesday: [{ start: "08:00", end: "17:00" }]
      thursday: [{ start: "08:00", end: "17:00" }]
      friday: [{ start: "08:00", end: "17:00" }]
defaultCalendar: city
statuses:
  received: { label: Received, informApplicant: true }
  done: { label: Trimmed, informApplicant: true }
outcomes:
  trimmed: { label: Tree trimmed, retention: routine, status: done }
retentionClasses:
  routine: { keep: P3Y }
start: trim
steps:
  trim:
    type: human
    title: Trim the tree
    status: received
    role: tree-crew
    form: [crewNote]
    actions:
      done: { requires: [crewNote], next: trimmed }
    sla:
      due: 20 working days
  trimmed:
    type: end
    outcome: trimmed
`),
);

interface SmsRequest {
  headers: IncomingHttpHeaders;
  body: { to: string; body: string; from?: string };
}

/** A bounded wait for something the worker does in the background (no timed assertion). */
async function until<T>(what: string, probe: () => T | undefined, output: () => string): Promise<T> {
  try {
    return await waitFor(what, probe, 120_000, 100);
  } catch (error) {
    throw new Error(`${(error as Error).message}; worker output:\n${output()}`);
  }
}

const records = (output: string): Record<string, unknown>[] =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the case worker process', () => {
  let t: TestDatabase;
  let dataDir: string;
  let smtp: SmtpTestServer;
  let gateway: Server;
  const sms: SmsRequest[] = [];
  let child: ChildProcess;
  let exited: Promise<number | null>;
  let output = '';
  let address: string;

  beforeAll(async () => {
    [t, smtp] = await Promise.all([createTestDatabase(), startSmtpTestServer()]);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicflow-worker-'));
    gateway = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        sms.push({
          headers: req.headers,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as SmsRequest['body'],
        });
        res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `sms-${sms.length}` }));
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: t.url,
      DATA_DIR: dataDir,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PUBLIC_URL: 'https://civicflow.springfield.example',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      MAIL_FROM: 'Springfield 311 <no-reply@springfield.example>',
      SMS_PROVIDER_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/messages`,
      SMS_PROVIDER_TOKEN: 'gateway-token-7f3a',
      SMS_FROM: 'SPRINGFLD',
      AGENCY_NAME: 'City of Springfield Public Works',
      AGENCY_PHONE: '+1 555 0100 311',
      AGENCY_EMAIL: 'works@springfield.example',
      AGENCY_TIME_ZONE: 'America/Chicago',
    };
    delete env.TEMPORAL_ADDRESS;
    delete env.WORKFLOW_BUNDLE_PATH;
    delete env.TEMPORAL_DATA_DIR;
    delete env.TEMPORAL_EMBEDDED_STORE;
    // The run's case bundle, as a deployment's pre-built one (WORKFLOW_BUNDLE_PATH): no bundling at start-up.
    const bundle = await caseBundleFile();
    if (bundle) env.WORKFLOW_BUNDLE_PATH = bundle;
    child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(__dirname, '..', '..', 'worker', 'main.ts')],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Start-up loads the module graph and the workflow bundle (seconds; much longer on a loaded machine).
    const polling = await until(
      'the polling record',
      () => (child.exitCode === null ? records(output).find((r) => r.msg === 'case worker polling') : {}),
      () => output,
    );
    address = String(polling.address);
  }, 150_000);

  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await new Promise<void>((resolve) => (gateway ? gateway.close(() => resolve()) : resolve()));
    await smtp?.close();
    await t?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the embedded server when no TEMPORAL_ADDRESS is set and logs JSON records at LOG_LEVEL', () => {
    const polling = records(output).find((r) => r.msg === 'case worker polling');
    expect(polling).toMatchObject({ level: 'info', embeddedServer: true, taskQueue: 'civicflow-cases' });
    expect(address).toMatch(/:\d+$/);
    expect(records(output).filter((r) => r.level === 'debug' || r.level === 'trace')).toEqual([]);
  });

  it('sends email over SMTP and SMS with the configured token, sender and agency contact', async () => {
    const connection = await Connection.connect({ address });
    try {
      const client = new Client({ connection, namespace: 'default' });
      const mailCase = `trim-mail-${randomUUID().slice(0, 8)}`;
      const smsCase = `trim-sms-${randomUUID().slice(0, 8)}`;
      await startCaseWorkflow(client, {
        caseId: mailCase,
        definition: DEFINITION,
        data: { address: '1 Elm St', residentEmail: 'rita@example.org' },
      });
      await startCaseWorkflow(client, {
        caseId: smsCase,
        definition: DEFINITION,
        data: { address: '2 Oak St', residentPhone: '+15550104242' },
      });

      const mail = await until(
        'the received notice by email',
        () => smtp.received.find((m) => m.envelopeTo.includes('rita@example.org')),
        () => output,
      );
      expect(mail.envelopeFrom).toBe('no-reply@springfield.example');
      expect(mail.mail.text).toContain('City of Springfield Public Works');
      expect(mail.mail.text).toContain('+1 555 0100 311');
      expect(mail.mail.text).toContain('works@springfield.example');

      const text = await until(
        'the received notice by SMS',
        () => sms.find((r) => r.body.to === '+15550104242'),
        () => output,
      );
      expect(text.headers.authorization).toBe('Bearer gateway-token-7f3a');
      expect(text.body.from).toBe('SPRINGFLD');
      expect(text.body.body).toContain('City of Springfield Public Works');
      expect(text.body.body).not.toContain('CivicFlow:');
    } finally {
      await connection.close();
    }
  }, 150_000);

  it("stops on SIGTERM with exit code 0, its embedded server's workflows kept in DATABASE_URL", async () => {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(records(output).find((r) => r.msg === 'shutting down the case worker')).toMatchObject({
      level: 'info',
      signal: 'SIGTERM',
    });
    const runs = await t
      .db(`${EMBEDDED_STORE_SCHEMA}.temporal_executions`)
      .where({ workflow_type: 'caseWorkflow' })
      .count({ n: '*' })
      .first();
    // The two cases the SMTP and SMS test started.
    expect(Number(runs?.n)).toBeGreaterThanOrEqual(2);
    expect(fs.existsSync(path.join(dataDir, 'temporal'))).toBe(false);
  }, 60_000);
});
