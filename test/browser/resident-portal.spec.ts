/**
 * The resident portal in a real browser, in English and Spanish, with JavaScript off and on: request
 * each public service, follow it while staff advance it (through the API's services), answer a
 * request for information with an upload and see the legal clock start again, ask a question and see
 * the answer, reopen a closed request, and be throttled after wrong codes. axe on every state
 * visited; every portal page's weight (document + stylesheet, no images) measured under 100 KB.
 */
import type { Browser, BrowserContext, Page, Response } from '@playwright/test';
import { deliverClaimedNotification } from '../../activities/notification-delivery';
import { claimNotification, getCaseByTrackingNumber, listAuditEntries } from '../../db';
import { createSmtpEmailSender } from '../../notifications';
import { AGENCY } from '../notifications/template-fixtures';
import { startSmtpTestServer } from '../notifications/support/smtp-test-server';
import { auth } from '../api/support/api-harness';
import { expectAccessible, expectNoHorizontalScroll } from './support/axe';
import { expect, signIn, staffAct, test, type WebPlatform } from './support/web-platform';

const PAGE_BUDGET_BYTES = 100 * 1024;

/** A tiny PNG (the signature staff uploads check, then a few bytes). */
const PNG_PHOTO = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('photo of the sofa'),
]);

/** Document and stylesheet bytes of the page now shown (what a slow phone downloads; no images). */
async function pageWeight(page: Page, response: Response | null): Promise<number> {
  const html = response ? (await response.body()).length : 0;
  const hrefs = await page
    .locator('link[rel=stylesheet]')
    .evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
  let css = 0;
  for (const href of hrefs) css += (await (await page.request.get(href)).body()).length;
  return html + css;
}

/**
 * axe needs JavaScript in the page; a page shown with JavaScript off is checked as the same HTML in
 * a JavaScript-enabled page of the same origin (its stylesheet loads, so contrast is checked).
 */
async function expectAccessibleWithoutScript(page: Page, checker: Page): Promise<void> {
  const html = await page.content();
  // Same origin as the portal (an about:blank page may not load its stylesheet).
  await checker.goto(`${new URL(page.url()).origin}/portal`);
  await checker.setContent(html, { waitUntil: 'load' });
  await expectAccessible(checker);
}

let checker: Page | undefined;

/** Checks the page now shown: axe clean and under the weight budget. */
async function checkPage(
  page: Page,
  response: Response | null,
  weights: Map<string, number>,
  name: string,
): Promise<void> {
  if (checker) await expectAccessibleWithoutScript(page, checker);
  else await expectAccessible(page);
  const weight = await pageWeight(page, response);
  weights.set(name, weight);
  expect(weight, `${name} weighs ${weight} bytes`).toBeLessThan(PAGE_BUDGET_BYTES);
}

/** Clicks a submit button and returns the navigation's response (for the weight). */
async function submit(page: Page, name: string | RegExp): Promise<Response | null> {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
  return response;
}

async function newResident(
  browser: Browser,
  baseURL: string,
  javaScriptEnabled: boolean,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  checker = javaScriptEnabled ? undefined : await (await browser.newContext({ baseURL })).newPage();
  return { context, page: await context.newPage() };
}

async function caseIdOf(platform: WebPlatform, trackingNumber: string): Promise<string> {
  const record = await getCaseByTrackingNumber(platform.env.t.db, trackingNumber);
  if (!record) throw new Error(`no case ${trackingNumber}`);
  return record.id;
}

interface Receipt {
  trackingNumber: string;
  code: string;
}

/** The 311 complaint through the wizard; `es` in Spanish. Returns the tracking number and code. */
async function requestComplaint(page: Page, language: 'en' | 'es', weights: Map<string, number>): Promise<Receipt> {
  const t =
    language === 'es'
      ? {
          request: 'Pedir un servicio',
          service: 'Queja de servicio 311',
          continue: 'Continuar',
          category: 'Categoría',
          pothole: 'Artículos voluminosos',
          what: 'Qué quiere informar',
          where: 'Ubicación',
          email: 'Correo electrónico',
          noticeEmail: 'Correo electrónico',
          send: 'Enviar solicitud',
          sent: 'Solicitud enviada',
          choose: 'Elija un servicio',
          missing: /Escriba: Qué quiere informar/,
          attachment: 'Agregar una foto o un documento',
          file: 'Foto o documento',
          refused: /No podemos recibir este archivo/,
        }
      : {
          request: 'Request a service',
          service: '311 service complaint',
          continue: 'Continue',
          category: 'Category',
          pothole: 'Bulky items',
          what: 'What the resident reported',
          where: 'Location',
          email: 'Email address',
          noticeEmail: 'Email',
          send: 'Send request',
          sent: 'Request sent',
          choose: 'Choose a service',
          missing: /Enter what the resident reported/i,
          attachment: 'Add a photo or document',
          file: 'Photo or document',
          refused: /We cannot take this file/,
        };
  let response = await page.goto(`/portal?lang=${language}`);
  await checkPage(page, response, weights, `home-${language}`);
  [response] = await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: t.request }).click()]);
  await checkPage(page, response, weights, `choose-${language}`);
  // Nothing chosen: the error summary names the question.
  response = await submit(page, t.continue);
  await expect(page.getByRole('link', { name: t.choose })).toBeVisible();
  await checkPage(page, response, weights, `choose-error-${language}`);
  await page.getByLabel(t.service).check();
  response = await submit(page, t.continue);
  await checkPage(page, response, weights, `questions-${language}`);
  // Required answer missing: the message beside the field, in the page's language.
  await page.getByLabel(t.category).selectOption({ label: t.pothole });
  response = await submit(page, t.continue);
  await expect(page.getByRole('link', { name: t.missing })).toBeVisible();
  await checkPage(page, response, weights, `questions-error-${language}`);
  await page.getByLabel(t.what).fill(language === 'es' ? 'Un sofá viejo en la banqueta' : 'An old sofa on the kerb');
  response = await submit(page, t.continue);
  await checkPage(page, response, weights, `location-${language}`);
  await page.getByLabel(t.where).fill('704 E 43rd Pl, 90011');
  response = await submit(page, t.continue);
  await checkPage(page, response, weights, `contact-${language}`);
  await page.getByRole('textbox', { name: t.email }).fill('ana@example.org');
  await page.getByRole('radio', { name: t.noticeEmail }).check();
  response = await submit(page, t.continue);
  // The upload page: a file of a kind staff uploads refuse is refused beside the field; a photo is kept.
  await expect(page.getByRole('heading', { name: t.attachment })).toBeVisible();
  await checkPage(page, response, weights, `attachment-${language}`);
  await page
    .getByLabel(t.file)
    .setInputFiles({ name: 'tool.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ not a photo') });
  response = await submit(page, t.continue);
  await expect(page.getByRole('link', { name: t.refused })).toBeVisible();
  await checkPage(page, response, weights, `attachment-error-${language}`);
  await page.getByLabel(t.file).setInputFiles({ name: 'sofa.png', mimeType: 'image/png', buffer: PNG_PHOTO });
  response = await submit(page, t.continue);
  await checkPage(page, response, weights, `check-${language}`);
  await expect(page.getByText('704 E 43rd Pl, 90011')).toBeVisible();
  await expect(page.locator('main')).toContainText('sofa.png');
  response = await submit(page, t.send);
  await expect(page.getByRole('heading', { name: t.sent })).toBeVisible();
  await checkPage(page, response, weights, `confirmation-${language}`);
  const panel = await page.locator('.pf-panel').innerText();
  const trackingNumber = /([A-Z]+-\d{4}-\d+)/.exec(panel)?.[1];
  const code = /:\s*([A-Za-z0-9]{8})\s*$/m.exec(panel)?.[1];
  if (!trackingNumber || !code) throw new Error(`no tracking number or code in ${panel}`);
  return { trackingNumber, code };
}

async function follow(page: Page, receipt: Receipt, language: 'en' | 'es'): Promise<Response | null> {
  await page.goto(`/portal/follow?lang=${language}`);
  await page.getByLabel(language === 'es' ? 'Número de seguimiento' : 'Tracking number').fill(receipt.trackingNumber);
  await page.getByLabel(language === 'es' ? 'Código de verificación' : 'Verification code').fill(receipt.code);
  return submit(page, language === 'es' ? 'Ver mi solicitud' : 'See my request');
}

test.describe.configure({ mode: 'serial' });

test('a resident requests a 311 service in Spanish without JavaScript, follows it while staff work, asks a question and reopens it', async ({
  browser,
  platform,
}) => {
  test.setTimeout(240_000);
  const weights = new Map<string, number>();
  const { context, page } = await newResident(browser, platform.baseURL, false);
  const receipt = await requestComplaint(page, 'es', weights);
  const caseId = await caseIdOf(platform, receipt.trackingNumber);
  const record = await getCaseByTrackingNumber(platform.env.t.db, receipt.trackingNumber);
  expect(record?.caseData).toMatchObject({
    category: 'bulky-items',
    channel: 'web',
    address: '704 E 43rd Pl, 90011',
    residentEmail: 'ana@example.org',
    anonymous: false,
  });

  let response = await follow(page, receipt, 'es');
  await expect(page.getByRole('heading', { name: `Solicitud ${receipt.trackingNumber}` })).toBeVisible();
  await expect(page.locator('.usa-intro')).toContainText('Recibida');
  await checkPage(page, response, weights, 'status-es');
  // The wizard's photo is on the case, as the resident's own document.
  await expect(page.getByRole('table', { name: 'Documentos' })).toContainText('sofa.png');

  // Staff route it: the resident sees the new status, with no staff names in the history.
  await staffAct(platform, 'clerk', caseId, 'triage', 'route');
  response = await follow(page, receipt, 'es');
  await expect(page.locator('.usa-intro')).toContainText('Enviada a la cuadrilla');
  await expect(page.getByRole('table', { name: 'Qué ha pasado' })).toContainText('Enviada a la cuadrilla');
  await expect(page.locator('main')).not.toContainText('clerk');

  // A staff document reaches the resident only once a records officer marks it releasable (the one release concept).
  const upload = await platform.env.http
    .post(`/api/v1/cases/${caseId}/documents`)
    .set(auth(platform.env.tokens.admin))
    .attach('file', Buffer.from('pickup notice'), { filename: 'pickup-notice.txt', contentType: 'text/plain' });
  expect(upload.status, JSON.stringify(upload.body)).toBe(201);
  const documentId = (upload.body as { id: string }).id;
  response = await follow(page, receipt, 'es');
  await expect(page.locator('main')).not.toContainText('pickup-notice.txt');
  const marked = await platform.env.http
    .put(`/api/v1/records/documents/${documentId}/releasable`)
    .set(auth(platform.env.tokens.auditor))
    .send({ releasable: true });
  expect(marked.status, JSON.stringify(marked.body)).toBe(204);
  response = await follow(page, receipt, 'es');
  await expect(page.getByRole('table', { name: 'Documentos' })).toContainText('pickup-notice.txt');

  // A question: it lands in the work list of the department the case is with (sanitation); its crew answers.
  await page.getByLabel('Su pregunta').fill('¿Cuándo vienen a recogerlo?');
  response = await submit(page, 'Enviar pregunta');
  await expect(page.getByRole('status')).toContainText('Recibimos su pregunta');
  await expect(page.locator('main')).toContainText('Le contestaremos pronto.');
  await checkPage(page, response, weights, 'status-asked-es');

  const staff = await browser.newContext({ baseURL: platform.baseURL });
  const staffPage = await staff.newPage();
  await signIn(staffPage, 'crew');
  await staffPage.goto('/inquiries');
  await expect(staffPage.getByRole('heading', { name: 'Questions from residents' })).toBeVisible();
  await staffPage.getByLabel('Your answer to the resident').first().fill('La cuadrilla irá el jueves.');
  await staffPage.getByRole('button', { name: 'Send answer' }).first().click();
  await expect(staffPage.getByRole('status')).toContainText('Your answer was sent');
  await expectAccessible(staffPage);
  await staff.close();

  response = await follow(page, receipt, 'es');
  await expect(page.locator('main')).toContainText('Nuestra respuesta: La cuadrilla irá el jueves.');

  // The crew closes it; the resident reopens it within the window.
  await staffAct(platform, 'crew', caseId, 'sanitation-field-work', 'complete', { resolutionNote: 'Recogido.' });
  await expect
    .poll(async () => (await getCaseByTrackingNumber(platform.env.t.db, receipt.trackingNumber))?.closedAt ?? null)
    .not.toBeNull();
  // The notice of the result, sent through a real SMTP server: in Spanish, linking to the portal's status page.
  const notice = () =>
    platform.env.t
      .db('notifications')
      .where({ case_id: caseId, template: 'request-resolved' })
      .first<{ idempotency_key: string } | undefined>('idempotency_key');
  await expect.poll(async () => (await notice()) !== undefined).toBe(true);
  const queued = (await notice())?.idempotency_key ?? '';
  const smtp = await startSmtpTestServer();
  try {
    const claimed = await claimNotification(platform.env.t.db, queued);
    if (!claimed) throw new Error('the notice could not be claimed');
    const email = createSmtpEmailSender({
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false },
      from: 'MyLA311 <no-reply@la.example>',
    });
    await deliverClaimedNotification({ db: platform.env.t.db, email, agency: AGENCY }, claimed);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0].mail;
    expect(smtp.received[0].envelopeTo).toEqual(['ana@example.org']);
    expect(mail.subject).toBe(`Su solicitud de servicio ${receipt.trackingNumber} está cerrada`);
    expect(mail.text).toContain('Lo que encontramos e hicimos: Recogido.');
    expect(mail.text).toContain(`/portal/follow?lang=es&trackingNumber=${receipt.trackingNumber}`);
  } finally {
    await smtp.close();
  }

  response = await follow(page, receipt, 'es');
  await expect(page.locator('.usa-intro')).toContainText('Cerrada – hecho');
  await checkPage(page, response, weights, 'status-closed-es');
  response = await submit(page, 'Volver a abrir la solicitud');
  await expect(page.getByRole('link', { name: 'Díganos qué sigue mal' })).toBeVisible();
  await checkPage(page, response, weights, 'status-reopen-error-es');
  await page.getByLabel('Díganos qué sigue mal').fill('El sofá sigue ahí.');
  response = await submit(page, 'Volver a abrir la solicitud');
  await expect(page.getByRole('status')).toContainText('Su solicitud está abierta otra vez.');
  await expect(page.locator('.usa-intro')).toContainText('Enviada a la cuadrilla');
  await expect(page.getByRole('table', { name: 'Qué ha pasado' })).toContainText('Usted volvió a abrir la solicitud');
  await checkPage(page, response, weights, 'status-reopened-es');

  // The reads are on the case's audit trail.
  const audit = await listAuditEntries(platform.env.t.db, caseId, { limit: 5000 });
  expect(audit.some((entry) => entry.eventType === 'case.read' && entry.actor.kind === 'resident')).toBe(true);
  expect(audit.some((entry) => entry.eventType === 'inquiry-answered')).toBe(true);
  test
    .info()
    .annotations.push({ type: 'page weights (bytes)', description: JSON.stringify(Object.fromEntries(weights)) });
  await context.close();
});

test('a resident applies for a building permit with JavaScript on, a double submit makes one case, and answering the request for information with an upload starts the legal clock again', async ({
  browser,
  platform,
}) => {
  test.setTimeout(240_000);
  const weights = new Map<string, number>();
  const { context, page } = await newResident(browser, platform.baseURL, true);
  let response = await page.goto('/portal/request?lang=en');
  await checkPage(page, response, weights, 'choose-en');
  await page.getByLabel('Building permit').check();
  response = await submit(page, 'Continue');
  await checkPage(page, response, weights, 'questions-permit-en');
  await page.getByRole('radio', { name: 'Alteration' }).check();
  await page.getByLabel('Project description').fill('New kitchen and a bathroom');
  response = await submit(page, 'Continue');
  await page.getByLabel('Property address').fill('1200 W 7th St, Los Angeles 90017');
  response = await submit(page, 'Continue');
  // The definition requires the applicant's name and email: the contact page says so beside the fields.
  await page.getByRole('radio', { name: 'Email' }).check();
  response = await submit(page, 'Continue');
  await expect(page.getByRole('link', { name: 'Enter your name' })).toBeVisible();
  await checkPage(page, response, weights, 'contact-error-en');
  await page.getByLabel('Your name').fill('Rosa Díaz');
  await page.getByRole('textbox', { name: 'Email address' }).fill('rosa@example.org');
  response = await submit(page, 'Continue');
  // The photo or document is optional: continue without one.
  await expect(page.getByRole('heading', { name: 'Add a photo or document' })).toBeVisible();
  response = await submit(page, 'Continue');
  await expect(page.getByRole('heading', { name: 'Check your answers' })).toBeVisible();

  // Two posts of the same check-your-answers form (a double click, a retry): one case, one answer.
  const posted = await page
    .locator('form[action^="/portal/request/"] input[type=hidden]')
    .evaluateAll((inputs) =>
      inputs.map((input) => [(input as HTMLInputElement).name, (input as HTMLInputElement).value]),
    );
  const body = new URLSearchParams([...posted, ['stage', 'submit']]).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  const [first, second] = await Promise.all([
    page.request.post('/portal/request/building-permit', { data: body, headers }),
    page.request.post('/portal/request/building-permit', { data: body, headers }),
  ]);
  const numbers = await Promise.all(
    [first, second].map(async (answer) => /([A-Z]+-\d{4}-\d+)/.exec(await answer.text())?.[1]),
  );
  expect(numbers[0]).toBeDefined();
  expect(numbers[1]).toBe(numbers[0]);
  const cases = await platform.env.t
    .db('cases')
    .where({ definition_id: 'building-permit' })
    .count<{ count: string }[]>('* as count');
  expect(Number(cases[0].count)).toBe(1);

  response = await submit(page, 'Send request');
  await expect(page.getByRole('heading', { name: 'Request sent' })).toBeVisible();
  await expect(page.locator('main')).toContainText('We expect to finish by');
  await checkPage(page, response, weights, 'confirmation-permit-en');
  const panel = await page.locator('.pf-panel').innerText();
  const receipt = {
    trackingNumber: /([A-Z]+-\d{4}-\d+)/.exec(panel)?.[1] ?? '',
    code: /:\s*([A-Za-z0-9]{8})\s*$/m.exec(panel)?.[1] ?? '',
  };
  expect(receipt.trackingNumber).toBe(numbers[0]);
  const caseId = await caseIdOf(platform, receipt.trackingNumber);

  // The clerk asks for a site plan: the clock pauses and the status page says what is needed.
  await staffAct(platform, 'permitClerk', caseId, 'intake-review', 'request-information', {
    missingItems: 'A site plan showing the new walls',
  });
  response = await follow(page, receipt, 'en');
  await expect(page.locator('.usa-intro')).toContainText('More information needed');
  await expect(page.getByRole('heading', { name: 'We need something from you' })).toBeVisible();
  await expect(page.locator('main')).toContainText('A site plan showing the new walls');
  await expect(page.locator('main')).toContainText('Paused while we wait for you');
  await checkPage(page, response, weights, 'status-waiting-en');

  // Sending nothing is refused beside the field; then a message and a PDF.
  response = await submit(page, 'Send');
  await expect(page.getByRole('link', { name: 'Write an answer or add a document' })).toBeVisible();
  await checkPage(page, response, weights, 'status-waiting-error-en');
  await page.getByLabel('Your answer').fill('The site plan is attached.');
  await page.getByLabel('Add a document or photo').setInputFiles({
    name: 'site-plan.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
  });
  response = await submit(page, 'Send');
  await expect(page.getByRole('status')).toContainText('We have what you sent');
  await expect(page.locator('.usa-intro')).toContainText('Application received');
  await expect(page.locator('main')).toContainText('Running: we must decide by');
  await expect(page.getByRole('table', { name: 'What has happened' })).toContainText(
    'The legal deadline started again',
  );
  await expect(page.getByRole('table', { name: 'Documents' })).toContainText('site-plan.pdf');
  await checkPage(page, response, weights, 'status-answered-en');
  const record = await getCaseByTrackingNumber(platform.env.t.db, receipt.trackingNumber);
  expect(record?.statutoryClockPaused).toBe(false);
  expect(record?.currentSteps.map((step) => step.stepId)).toEqual(['intake-review']);
  test
    .info()
    .annotations.push({ type: 'page weights (bytes)', description: JSON.stringify(Object.fromEntries(weights)) });
  await context.close();
});

test('wrong verification codes are throttled, and answer exactly as an unknown tracking number does', async ({
  browser,
  platform,
}) => {
  const weights = new Map<string, number>();
  const { context, page } = await newResident(browser, platform.baseURL, false);
  const existing = await platform.env.t
    .db('cases')
    .where({ definition_id: 'service-complaint' })
    .first<{ tracking_number: string }>('tracking_number');
  const tracking = existing?.tracking_number ?? '';
  expect(tracking).not.toBe('');
  const answerFor = async (trackingNumber: string, code: string) => {
    const response = await follow(page, { trackingNumber, code }, 'en');
    return { status: response?.status(), error: await page.locator('#error-summary').innerText() };
  };
  const wrong = await answerFor(tracking, 'WRONG123');
  const unknown = await answerFor('CF-2026-999999', 'WRONG123');
  expect(wrong).toEqual(unknown);
  expect(wrong.status).toBe(404);
  await checkPage(page, null, weights, 'follow-not-found-en');
  // Four free tries per number, the fifth miss locks it for a minute (one miss used above).
  for (let i = 0; i < 4; i++) expect((await answerFor(tracking, `WRONG00${i}`)).status).toBe(404);
  const throttled = await answerFor(tracking, 'WRONG999');
  expect(throttled.status).toBe(429);
  expect(throttled.error).toContain('Too many tries');
  // Unknown numbers are throttled the same way, so the lock tells nothing either.
  for (let i = 0; i < 5; i++) await answerFor('CF-2026-999999', `WRONG10${i}`);
  expect((await answerFor('CF-2026-999999', 'WRONG999')).error).toBe(throttled.error);
  await checkPage(page, null, weights, 'follow-throttled-en');
  await context.close();
});

test('portal pages: the skip link comes first, and every page reflows at 320 px in both languages', async ({
  page,
}) => {
  await page.goto('/portal?lang=es');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Saltar al contenido principal' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main-content')).toBeFocused();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await page.setViewportSize({ width: 320, height: 640 });
  for (const language of ['en', 'es']) {
    for (const path of [
      '/portal',
      '/portal/request',
      '/portal/request/service-complaint',
      '/portal/request/building-permit',
      '/portal/follow',
    ]) {
      await page.goto(`${path}?lang=${language}`);
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
    }
  }
  // A service that is not public is not found, in the portal as in the list.
  const response = await page.goto('/portal/request/benefit-application?lang=en');
  expect(response?.status()).toBe(404);
});

test('each public service the other way round: the 311 complaint in English with JavaScript on, the building permit in Spanish without it', async ({
  browser,
  platform,
}) => {
  test.setTimeout(240_000);
  const weights = new Map<string, number>();
  const english = await newResident(browser, platform.baseURL, true);
  const receipt = await requestComplaint(english.page, 'en', weights);
  const response = await follow(english.page, receipt, 'en');
  await expect(english.page.locator('.usa-intro')).toContainText('Received');
  await checkPage(english.page, response, weights, 'status-en');
  // The resident switches the status page to Spanish: remembered on the case for pages and notices.
  await english.page.getByRole('button', { name: 'Ver esta página en español' }).click();
  await expect(english.page.locator('.usa-intro')).toContainText('Recibida');
  await expect(english.page.locator('html')).toHaveAttribute('lang', 'es');
  await english.context.close();
  const caseId = await caseIdOf(platform, receipt.trackingNumber);
  expect(
    (
      await platform.env.t
        .db('resident_case_preferences')
        .where({ case_id: caseId })
        .first<{ language: string }>('language')
    )?.language,
  ).toBe('es');

  const { context, page } = await newResident(browser, platform.baseURL, false);
  let answer = await page.goto('/portal/request/building-permit?lang=es');
  await checkPage(page, answer, weights, 'questions-permit-es');
  await page.getByRole('radio', { name: 'Remodelación' }).check();
  await page.getByLabel('Descripción de la obra').fill('Cocina nueva');
  answer = await submit(page, 'Continuar');
  await page.getByLabel('Dirección de la propiedad').fill('1200 W 7th St, Los Angeles 90017');
  answer = await submit(page, 'Continuar');
  await checkPage(page, answer, weights, 'contact-permit-es');
  await page.getByLabel('Su nombre').fill('Luis Pérez');
  await page.getByRole('textbox', { name: 'Correo electrónico' }).fill('luis@example.org');
  await page.getByRole('radio', { name: 'No me contacten' }).check();
  answer = await submit(page, 'Continuar');
  await expect(page.getByRole('heading', { name: 'Agregar una foto o un documento' })).toBeVisible();
  answer = await submit(page, 'Continuar');
  await expect(page.getByRole('heading', { name: 'Revise sus respuestas' })).toBeVisible();
  await expect(page.locator('main')).toContainText('Permiso de construcción');
  answer = await submit(page, 'Enviar solicitud');
  await expect(page.getByRole('heading', { name: 'Solicitud enviada' })).toBeVisible();
  await expect(page.locator('main')).toContainText('Esperamos terminar antes del');
  await checkPage(page, answer, weights, 'confirmation-permit-es');
  test
    .info()
    .annotations.push({ type: 'page weights (bytes)', description: JSON.stringify(Object.fromEntries(weights)) });
  await context.close();
});
