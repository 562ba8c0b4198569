/**
 * The letters page over HTTP: staff of the case's department see a letter notice waiting, download
 * its PDF and mark it printed (audited on the case); another department sees nothing of it.
 */
import { createNotificationActivities } from '../../activities/notification.activities';
import type { StartedCase } from '../../api/services';
import { listAuditEntries } from '../../db';
import type { ApiEnv } from '../api/support/api-harness';
import { AGENCY } from '../notifications/template-fixtures';
import { pdfText } from '../support/pdf-text';
import { csrfOf } from './support/csrf';
import { startWebEnv, fileBuildingPermit, signedInAgent } from './support/web-env';

let env: ApiEnv;
let started: StartedCase;
beforeAll(async () => {
  env = await startWebEnv();
  started = await fileBuildingPermit(env);
  await createNotificationActivities({ db: env.t.db, agency: AGENCY }).deliverNotification({
    idempotencyKey: `${started.case.id}:letter:1`,
    caseId: started.case.id,
    channel: 'letter',
    recipient: '200 N Spring St\nLos Angeles, CA 90012',
    template: 'permit-notice',
    definitionTemplate: { subject: 'Your building permit application', body: 'We need two more drawings.' },
    data: {
      trackingNumber: started.trackingNumber,
      statusUrl: 'https://springfield.example/status',
      recipientName: 'Rosa Builder',
    },
  });
}, 120_000);
afterAll(async () => env?.close());

describe('the letters page', () => {
  it('lists a waiting letter, serves its PDF and marks it printed once', async () => {
    const agent = await signedInAgent(env, 'permitClerk');
    const page = await agent.get('/letters');
    expect(page.status).toBe(200);
    expect(page.text).toContain('1 letter is waiting to be printed.');
    expect(page.text).toContain('Your building permit application');
    expect(page.text).toContain('Rosa Builder, 200 N Spring St, Los Angeles, CA 90012');
    const id = /\/letters\/(\d+)\.pdf/.exec(page.text)?.[1];
    expect(id).toBeDefined();

    const pdf = await agent
      .get(`/letters/${id}.pdf`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((await pdfText(pdf.body as Buffer)).text.replace(/\s+/g, ' ')).toContain('We need two more drawings.');

    const marked = await agent
      .post(`/letters/${id}/printed`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect(marked.status).toBe(303);
    const after = await agent.get('/letters?done=printed');
    expect(after.text).toContain('0 letters are waiting to be printed.');
    expect(after.text).toContain('Printed ');
    const events = (await listAuditEntries(env.t.db, started.case.id)).map((e) => e.eventType);
    expect(events).toEqual(expect.arrayContaining(['letter.read', 'letter-printed']));
    // Unsigned form: refused.
    expect((await agent.post(`/letters/${id}/printed`).type('form').send({})).status).toBe(403);
  });

  it('shows another department nothing of it', async () => {
    const agent = await signedInAgent(env, 'crew');
    const page = await agent.get('/letters');
    expect(page.text).not.toContain('Your building permit application');
    const id = (await env.t.db('letters').first<{ id: string }>('id')).id;
    expect((await agent.get(`/letters/${id}.pdf`)).status).toBe(404);
  });
});
